import type { LockChangeResult } from '../../../../shared/lockfile/schemas'
import { sideText } from './lock-change-text'
import type { ChangeOutcome } from './useLockChange'

interface Props {
  outcome: ChangeOutcome
  busy: boolean
  onCommit(): void
  onUndo(): void
  onDismiss(): void
}

function ChangeList({ result }: { result: LockChangeResult }) {
  if (result.changes.length === 0) return null
  return (
    <ul className="outcome-changes">
      {result.changes.map((change) => (
        <li key={change.id}>
          <strong>{change.id}</strong> <code>{sideText(change.old)}</code> →{' '}
          <code>{sideText(change.new)}</code>
        </li>
      ))}
    </ul>
  )
}

/** What the last action did, with the next step: commit it, or take it back. */
export function ChangeOutcomeBanner({ outcome, busy, onCommit, onUndo, onDismiss }: Props) {
  const dismiss = (
    <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
      ×
    </button>
  )
  if (outcome.kind === 'committed') {
    return (
      <div className="notice notice-success compact" role="status">
        <div className="notice-body">
          <strong>Committed {outcome.commit.slice(0, 7)}.</strong>
        </div>
        {dismiss}
      </div>
    )
  }
  const result = outcome.result
  const title =
    outcome.kind === 'applied'
      ? result.lockChanged
        ? `${outcome.title}: flake.lock updated.`
        : `${outcome.title}: nothing changed.`
      : outcome.kind === 'undone'
        ? result.lockChanged
          ? 'flake.lock is back as the last commit has it.'
          : 'flake.lock already matched the last commit.'
        : 'flake.lock written.'
  return (
    <div className="notice notice-success compact" role="status" data-testid="change-outcome">
      <div className="notice-body">
        <strong>{title}</strong>
        <ChangeList result={result} />
        {result.flakeNix?.applies && result.flakeNix.url !== null && (
          <p className="notice-hint">
            flake.nix now asks for <code>{result.flakeNix.url}</code>.
          </p>
        )}
        {result.flakeNix?.applies && result.flakeNix.follows && (
          <p className="notice-hint">
            flake.nix now says <code>{result.flakeNix.follows}</code>
          </p>
        )}
        {result.warnings.map((warning) => (
          <p key={warning} className="notice-hint">
            {warning}
          </p>
        ))}
        {outcome.kind !== 'undone' && result.lockChanged && (
          <div className="row">
            <button type="button" className="primary" onClick={onCommit} disabled={busy}>
              Commit flake.lock…
            </button>
            <button type="button" onClick={onUndo} disabled={busy}>
              Undo
            </button>
          </div>
        )}
      </div>
      {dismiss}
    </div>
  )
}
