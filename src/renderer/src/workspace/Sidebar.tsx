import { areas, type AreaId } from './areas'

interface Props {
  active: AreaId
  onSelect(area: AreaId): void
}

export function Sidebar({ active, onSelect }: Props) {
  return (
    <nav className="sidebar" aria-label="Areas">
      <ul>
        {areas.map((area) => (
          <li key={area.id}>
            <button
              type="button"
              className={area.id === active ? 'sidebar-item active' : 'sidebar-item'}
              aria-current={area.id === active ? 'page' : undefined}
              title={`${area.label} (Ctrl+${area.key})`}
              onClick={() => onSelect(area.id)}
            >
              <span className="sidebar-icon" aria-hidden="true">
                {area.icon}
              </span>
              <span className="sidebar-label">{area.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
