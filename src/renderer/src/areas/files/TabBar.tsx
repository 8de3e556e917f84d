import type { Tab } from './editor-store'

interface Props {
  tabs: Tab[]
  active: string | null
  onActivate(path: string): void
  onClose(path: string): void
}

export function TabBar({ tabs, active, onActivate, onClose }: Props) {
  return (
    <div className="tab-bar" role="tablist" aria-label="Open files">
      {tabs.map((tab) => {
        const name = tab.path.split('/').pop() ?? tab.path
        return (
          <div
            key={tab.path}
            className={`tab${tab.path === active ? ' active' : ''}`}
            title={tab.path}
          >
            <button
              type="button"
              role="tab"
              aria-selected={tab.path === active}
              className="tab-label"
              onClick={() => onActivate(tab.path)}
              onAuxClick={(e) => e.button === 1 && onClose(tab.path)}
            >
              <span className={tab.deletedOnDisk ? 'tab-deleted' : ''}>{name}</span>
              {tab.dirty && (
                <span className="tab-dirty" aria-label="unsaved changes" title="Unsaved changes">
                  ●
                </span>
              )}
            </button>
            <button
              type="button"
              className="ghost icon tab-close"
              aria-label={`Close ${tab.path}`}
              onClick={() => onClose(tab.path)}
            >
              ×
            </button>
          </div>
        )
      })}
    </div>
  )
}
