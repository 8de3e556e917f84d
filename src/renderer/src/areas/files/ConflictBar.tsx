import type { Tab } from './tab'

interface Props {
  tab: Tab
  onKeepMine(): void
  onTakeTheirs(): void
  onCompare(): void
}

/**
 * What happened on disk to the file of the active tab while it was open: changed under unsaved
 * edits (the user settles it: keep mine, take theirs, or compare first), or deleted.
 */
export function ConflictBar({ tab, onKeepMine, onTakeTheirs, onCompare }: Props) {
  if (tab.conflict)
    return (
      <div className="notice notice-warning compact" role="alert" data-testid="conflict-bar">
        <div className="notice-body">
          <strong>{tab.path} changed on disk while you were editing it.</strong>
          <div className="row">
            <button type="button" onClick={onKeepMine}>
              Keep mine
            </button>
            <button type="button" onClick={onTakeTheirs}>
              Take theirs
            </button>
            <button type="button" onClick={onCompare}>
              Compare
            </button>
          </div>
        </div>
      </div>
    )
  if (tab.deletedOnDisk)
    return (
      <div className="notice notice-warning compact" role="alert">
        <div className="notice-body">
          <strong>{tab.path} was deleted on disk.</strong> Save to write your buffer back, or close
          the tab.
        </div>
      </div>
    )
  return null
}
