interface Props {
  historyShown: boolean
  findShown: boolean
  /** Changed files, on the Commit button. */
  changeCount: number
  onNew(folder: boolean): void
  onToggleHistory(): void
  onToggleFind(): void
  onCommit(): void
}

/** The side bar's title row: new file or folder, history, find in files, commit. */
export function FilesSideHeader({
  historyShown,
  findShown,
  changeCount,
  onNew,
  onToggleHistory,
  onToggleFind,
  onCommit,
}: Props) {
  return (
    <div className="panel-header">
      Files
      <span className="panel-actions">
        <button
          type="button"
          className="ghost icon"
          title="New file"
          aria-label="New file"
          onClick={() => onNew(false)}
        >
          +
        </button>
        <button
          type="button"
          className="ghost icon"
          title="New folder"
          aria-label="New folder"
          onClick={() => onNew(true)}
        >
          ⊞
        </button>
        <button
          type="button"
          className={`ghost icon${historyShown ? ' on' : ''}`}
          title="History"
          aria-label="History"
          aria-pressed={historyShown}
          onClick={onToggleHistory}
        >
          ↺
        </button>
        <button
          type="button"
          className={`ghost icon${findShown ? ' on' : ''}`}
          title="Find in files (Ctrl+Shift+F)"
          aria-label="Find in files"
          aria-pressed={findShown}
          onClick={onToggleFind}
        >
          ⌕
        </button>
        <button type="button" className="ghost" title="Commit changes" onClick={onCommit}>
          Commit{changeCount ? ` (${changeCount})` : ''}
        </button>
      </span>
    </div>
  )
}
