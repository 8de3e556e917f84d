import { useEffect, useMemo, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { LockPreview, RevisionChange } from '../../../../shared/lockfile/schemas'
import { ErrorNotice } from '../../components/ErrorNotice'
import { CommitLog } from './CommitLog'
import { changeKindLabel, daysMoved, logSummary, sideText } from './lock-change-text'
import { LockDiffView } from './LockDiffView'
import { PredictionPanel, requestFromLockChanges } from './PredictionPanel'
import type { ChangeStage } from './useLockChange'

interface Props {
  repo: string
  stage: Exclude<ChangeStage, { kind: 'idle' }>
  error: AppErrorData | null
  onCancel(): void
  onApply(options: { writeFlakeNix: boolean }): void
  onDismissError(): void
}

/**
 * What a proposed change does before it is written: each input's old → new revision and dates,
 * the commits in between, what it changes in the system of a host (predicted from evaluation),
 * and flake.lock's diff. Escape goes back; Apply writes it.
 */
export function LockPreviewView({ repo, stage, error, onCancel, onApply, onDismissError }: Props) {
  const [writeFlakeNix, setWriteFlakeNix] = useState(true)
  const applyButton = useRef<HTMLButtonElement>(null)
  const preview = stage.kind === 'preview' ? stage.preview : null
  const applying = stage.kind === 'preview' && stage.applying
  const canApply = preview !== null && preview.changes.length > 0 && !applying
  const prediction = useMemo(
    () => (preview ? requestFromLockChanges(preview.changes) : null),
    [preview],
  )

  useEffect(() => {
    if (preview) applyButton.current?.focus()
  }, [preview])

  return (
    <section
      className="lock-preview"
      aria-label="Preview"
      aria-busy={stage.kind === 'previewing' || applying}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !applying) {
          e.preventDefault()
          onCancel()
        }
      }}
    >
      <header className="preview-header">
        <div>
          <h2>Preview: {stage.title}</h2>
          {preview && <p className="muted">{previewSummary(preview, writeFlakeNix)}</p>}
        </div>
        <span className="status-spacer" />
        <button type="button" onClick={onCancel} disabled={applying}>
          {preview ? 'Cancel' : 'Stop waiting'}
        </button>
        <button
          ref={applyButton}
          type="button"
          className="primary"
          disabled={!canApply}
          onClick={() => onApply({ writeFlakeNix })}
        >
          {applying ? 'Applying…' : 'Apply'}
        </button>
      </header>
      {error && <ErrorNotice error={error} onDismiss={onDismissError} />}
      {stage.kind === 'previewing' && (
        <div className="preview-waiting" role="status">
          <span className="spinner large" aria-hidden="true" />
          <p>Asking nix for the new flake.lock…</p>
          <p className="muted small">
            nix fetches the inputs to lock them, and the commit log needs their history: this can
            take a while the first time. Nothing in the repo is touched until you apply.
          </p>
        </div>
      )}
      {preview && (
        <div className="preview-body">
          {preview.warnings.map((warning) => (
            <div key={warning} className="notice notice-warning compact" role="note">
              <div className="notice-body">{warning}</div>
            </div>
          ))}
          {preview.changes.map((change) => (
            <ChangeCard key={change.id} change={change} />
          ))}
          {prediction && <PredictionPanel key={preview.id} repo={repo} request={prediction} />}
          {preview.flakeNix?.url != null && (
            <section className="flake-nix-offer" aria-label="flake.nix">
              {preview.flakeNix.applies ? (
                <label className="checkbox inline">
                  <input
                    type="checkbox"
                    checked={writeFlakeNix}
                    onChange={(e) => setWriteFlakeNix(e.target.checked)}
                  />
                  Also write this ref into flake.nix, so the next update keeps it
                </label>
              ) : (
                <p>
                  <strong>flake.nix is left as it is:</strong>{' '}
                  {preview.flakeNix.reason ?? 'the url could not be changed there.'} Only flake.lock
                  is pinned; the next update of this input moves it again.
                </p>
              )}
              <pre className="code-snippet">url = &quot;{preview.flakeNix.url}&quot;;</pre>
            </section>
          )}
          {preview.flakeNixDiff && writeFlakeNix && (
            <LockDiffView diff={preview.flakeNixDiff} file="flake.nix" />
          )}
          {preview.lockDiff && <LockDiffView diff={preview.lockDiff} />}
        </div>
      )}
    </section>
  )
}

function previewSummary(preview: LockPreview, writeFlakeNix: boolean): string {
  const n = preview.changes.length
  if (n === 0) return 'Nothing would change.'
  const files =
    preview.flakeNixDiff && writeFlakeNix ? 'flake.nix and flake.lock are' : 'flake.lock is'
  return `${n} input${n === 1 ? '' : 's'} would change. ${files} written only when you apply.`
}

function ChangeCard({ change }: { change: RevisionChange }) {
  const days = daysMoved(change)
  return (
    <article className="change-card" aria-label={`Change to ${change.id}`}>
      <header>
        <strong className="change-name">{change.id}</strong>
        <span className={`tag change-${change.kind}`}>{changeKindLabel[change.kind]}</span>
        {change.log && <span className="muted">{logSummary(change.log)}</span>}
        {days !== null && days !== 0 && (
          <span className="muted">
            · {Math.abs(days)} day{Math.abs(days) === 1 ? '' : 's'} {days > 0 ? 'newer' : 'older'}
          </span>
        )}
      </header>
      <p className="change-revs">
        <code className="rev-old">{sideText(change.old)}</code>
        <span aria-label="to"> → </span>
        <code className="rev-new">{sideText(change.new)}</code>
      </p>
      {change.log && <CommitLog log={change.log} />}
      {change.logError && (
        <p className="muted small">The commit log could not be read: {change.logError}</p>
      )}
    </article>
  )
}
