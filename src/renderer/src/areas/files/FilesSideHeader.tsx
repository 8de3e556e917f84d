import { IconButton } from '../../components/IconButton'

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
        <IconButton label="New file" onClick={() => onNew(false)}>
          +
        </IconButton>
        <IconButton label="New folder" onClick={() => onNew(true)}>
          ⊞
        </IconButton>
        <IconButton label="History" pressed={historyShown} onClick={onToggleHistory}>
          ↺
        </IconButton>
        <IconButton
          label="Find in files"
          title="Find in files (Ctrl+Shift+F)"
          pressed={findShown}
          onClick={onToggleFind}
        >
          ⌕
        </IconButton>
        <button type="button" className="ghost" title="Commit changes" onClick={onCommit}>
          Commit{changeCount ? ` (${changeCount})` : ''}
        </button>
      </span>
    </div>
  )
}
