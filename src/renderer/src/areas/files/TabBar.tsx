import type { Tab } from './editor-store'
import { tabLabels } from './tab-labels'
import './tabs.css'

interface Props {
  tabs: Tab[]
  active: string | null
  onActivate(path: string): void
  onClose(path: string): void
}

export function TabBar({ tabs, active, onActivate, onClose }: Props) {
  const labels = tabLabels(tabs.map((t) => t.path))
  return (
    <div className="tab-bar" role="tablist" aria-label="Open files">
      {tabs.map((tab) => {
        const { name, folder } = labels.get(tab.path) ?? { name: tab.path, folder: null }
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
              {folder !== null && <span className="tab-folder muted">{folder}</span>}
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
