import { useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useLockCommitMessage } from './useLockCommitMessage'

interface Props {
  repo: string
  /** The message of the last apply, used when the lock cannot be compared with HEAD. */
  fallbackMessage: string
  /** Whether flake.nix has uncommitted changes (offered for the same commit). */
  flakeNixDirty: boolean
  /** Whether the last change wrote flake.nix (a pin): then it is ticked to begin with. */
  flakeNixChanged: boolean
  onCommit(message: string, includeFlakeNix: boolean): Promise<AppErrorData | null>
  onClose(): void
}

/** Commit flake.lock with nix's --commit-lock-file message: each input's old → new, with dates. */
export function CommitLockDialog(props: Props) {
  const message = useLockCommitMessage(props.repo, props.fallbackMessage)
  return (
    <Dialog title="Commit flake.lock" className="dialog commit-lock-dialog" onClose={props.onClose}>
      {message === null ? (
        <p className="loading-line">
          <span className="spinner" aria-hidden="true" /> Comparing flake.lock with the last commit…
        </p>
      ) : (
        <CommitForm {...props} initialMessage={message} />
      )}
    </Dialog>
  )
}

function CommitForm({
  initialMessage,
  flakeNixDirty,
  flakeNixChanged,
  onCommit,
  onClose,
}: Props & { initialMessage: string }) {
  const [message, setMessage] = useState(initialMessage)
  const [includeFlakeNix, setIncludeFlakeNix] = useState(flakeNixDirty && flakeNixChanged)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)
  const submit = async () => {
    setBusy(true)
    const failure = await onCommit(message, includeFlakeNix)
    setBusy(false)
    if (failure) setError(failure)
    else onClose()
  }
  return (
    <>
      <label htmlFor="commit-lock-message">Message</label>
      <textarea
        id="commit-lock-message"
        className="mono"
        rows={Math.min(14, Math.max(5, message.split('\n').length + 1))}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      {flakeNixDirty && (
        <label className="checkbox inline">
          <input
            type="checkbox"
            checked={includeFlakeNix}
            onChange={(e) => setIncludeFlakeNix(e.target.checked)}
          />
          Also commit flake.nix (it has uncommitted changes)
        </label>
      )}
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || !message.trim()}
          onClick={() => void submit()}
        >
          {busy ? 'Committing…' : includeFlakeNix ? 'Commit both files' : 'Commit flake.lock'}
        </button>
      </div>
    </>
  )
}
