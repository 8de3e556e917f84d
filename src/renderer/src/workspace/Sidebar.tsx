import { AreaIcon } from '../components/AreaIcon'
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
              <AreaIcon name={area.id} />
              <span className="sidebar-label">{area.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
