// The drafts an earlier session left behind (a reload, a restart, a crash), offered back: each
// can be restored into its tab or discarded. One whose file changed on disk meanwhile is
// restored as a conflict next to a comparison with the disk, so neither side is lost unasked.
import type { Draft } from '../../../../shared/contract'

interface Props {
  drafts: Draft[]
  onRestore(draft: Draft): void
  onDiscard(draft: Draft): void
}

function changedOnDisk(draft: Draft): boolean {
  return draft.diskVersion !== null && draft.diskVersion !== draft.baseVersion
}

function state(draft: Draft): string {
  if (draft.diskVersion === null) {
    return draft.baseVersion === null ? 'a new file, not on disk' : 'deleted on disk since'
  }
  if (changedOnDisk(draft)) return 'changed on disk since'
  return `edited ${new Date(draft.savedAt).toLocaleString()}`
}

export function DraftsOffer({ drafts, onRestore, onDiscard }: Props) {
  if (drafts.length === 0) return null
  const count = `${drafts.length} file${drafts.length === 1 ? '' : 's'}`
  return (
    <section
      className="notice notice-warning compact drafts-offer"
      aria-label="Unsaved edits from before"
    >
      <div className="notice-body">
        <strong>Unsaved edits from an earlier session ({count}).</strong>
        <p className="notice-hint">
          Flakedeck kept them when the page, the app or the server went away. Restore puts them back
          into the editor, still unsaved; discard drops them.
        </p>
        <ul className="drafts-list">
          {drafts.map((draft) => (
            <li key={draft.path} aria-label={draft.path}>
              <span className="editor-path">{draft.path}</span>{' '}
              <span className="muted">({state(draft)})</span>
              <span className="row">
                <button type="button" className="primary" onClick={() => onRestore(draft)}>
                  {changedOnDisk(draft) ? 'Restore and compare' : 'Restore'}
                </button>
                <button type="button" onClick={() => onDiscard(draft)}>
                  Discard
                </button>
              </span>
            </li>
          ))}
        </ul>
        {drafts.length > 1 && (
          <div className="row">
            <button type="button" onClick={() => drafts.forEach((d) => onRestore(d))}>
              Restore all
            </button>
            <button type="button" onClick={() => drafts.forEach((d) => onDiscard(d))}>
              Discard all
            </button>
          </div>
        )}
      </div>
    </section>
  )
}
