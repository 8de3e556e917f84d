import { useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupProgress,
  CleanupResult,
  KeepReason,
} from '../../../../shared/generations/care-types'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { call, errorData, subscribe } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { absoluteDate } from './generations-view'
import './care.css'

interface Props {
  profilePath: string
  onClose(result: CleanupResult | null): void
}

const reasonWords: Record<KeepReason, string> = {
  current: 'current',
  booted: 'booted',
  pinned: 'pinned',
  newest: 'among the newest',
  recent: 'recent',
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`

/**
 * The clean-up: a keep-policy, a preview of the generations that go and the bytes that frees
 * (asked of the core as the policy changes), then deletion and garbage collection with progress.
 */
export function CleanupDialog({ profilePath, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const [useKeep, setUseKeep] = useState(true)
  const [keep, setKeep] = useState(5)
  const [useSince, setUseSince] = useState(true)
  const [days, setDays] = useState(14)
  const [plan, setPlan] = useState<{ key: string; plan: CleanupPlan } | null>(null)
  const [planError, setPlanError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<CleanupProgress | null>(null)
  const [failure, setFailure] = useState<AppErrorData | null>(null)
  const [result, setResult] = useState<CleanupResult | null>(null)
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal()
  }, [])

  const policy: CleanupPolicy | null =
    (useKeep && keep >= 1) || (useSince && days >= 0)
      ? {
          keep: useKeep && keep >= 1 ? keep : null,
          keepSinceDays: useSince && days >= 0 ? days : null,
        }
      : null
  const key = policy ? JSON.stringify(policy) : null

  useEffect(() => {
    if (!policy || key === null) return
    let live = true
    // Typing 1, 14 asks once, for 14.
    const timer = setTimeout(() => {
      call('generations.cleanupPlan', { policy }).then(
        (answer) => {
          if (!live) return
          setPlan({ key, plan: answer })
          setPlanError(null)
        },
        (error: unknown) => live && setPlanError(errorData(error)),
      )
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // The key says when the policy changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  useEffect(
    () =>
      subscribe('generations.cleanupProgress', (p) => {
        if (p.profilePath === (plan?.plan.profilePath ?? profilePath)) setProgress(p)
      }),
    [plan, profilePath],
  )

  const shown = plan && plan.key === key ? plan.plan : null
  const run = async () => {
    if (!shown || !policy) return
    setBusy(true)
    setFailure(null)
    setProgress(null)
    try {
      setResult(await call('generations.cleanup', { policy, expectedGoes: shown.goes }))
    } catch (e) {
      setFailure(errorData(e))
    } finally {
      setBusy(false)
    }
  }
  const close = () => onClose(result)

  return (
    <dialog
      ref={ref}
      className="dialog gen-dialog"
      aria-labelledby="cleanup-title"
      onCancel={(e) => {
        e.preventDefault()
        if (!busy) close()
      }}
    >
      <h2 id="cleanup-title">Clean up</h2>
      {result ? (
        <div className="dialog-body" role="status" data-testid="cleanup-result">
          <p>
            {result.deleted.length > 0
              ? `Deleted ${plural(result.deleted.length, 'generation')}: #${result.deleted.join(', #')}.`
              : 'No generation was deleted.'}
          </p>
          <p className="gen-cleanup-total">
            nix freed <strong>{formatBytes(result.gc.bytesFreed)}</strong> in{' '}
            {plural(result.gc.pathsDeleted, 'store path')} (the preview said{' '}
            {formatBytes(result.plan.freedBytes)} in {formatCount(result.plan.freedPaths)}).
          </p>
        </div>
      ) : (
        <div className="dialog-body">
          <fieldset className="gen-cleanup-policy" disabled={busy}>
            <legend className="muted">Keep</legend>
            <label className="checkbox inline">
              <input
                type="checkbox"
                checked={useKeep}
                onChange={(e) => setUseKeep(e.target.checked)}
              />
              the newest
              <input
                type="number"
                min={1}
                aria-label="Newest generations to keep"
                value={keep}
                onChange={(e) => setKeep(Math.floor(Number(e.target.value)))}
              />
              generations
            </label>
            <label className="checkbox inline">
              <input
                type="checkbox"
                checked={useSince}
                onChange={(e) => setUseSince(e.target.checked)}
              />
              everything newer than
              <input
                type="number"
                min={0}
                aria-label="Days to keep"
                value={days}
                onChange={(e) => setDays(Number(e.target.value))}
              />
              days
            </label>
            <span className="muted gen-cleanup-always">
              The current, the booted and every pinned generation always stay.
            </span>
          </fieldset>
          {!policy && <p className="gen-field-error">Choose what to keep.</p>}
          {planError && <ErrorNotice error={planError} />}
          {policy && !shown && !planError && (
            <div className="gen-loading" role="status">
              <span className="spinner" aria-hidden="true" /> Working out what goes…
            </div>
          )}
          {shown && (
            <div data-testid="cleanup-preview">
              <p className="gen-cleanup-total">
                {shown.goes.length > 0 ? (
                  <>
                    <strong>{plural(shown.goes.length, 'generation')}</strong> go, freeing about{' '}
                    <strong data-testid="cleanup-bytes">{formatBytes(shown.freedBytes)}</strong> (
                    {plural(shown.freedPaths, 'store path')} only they reach).
                  </>
                ) : (
                  'No generation goes with this policy.'
                )}
              </p>
              <ol className="gen-cleanup-rows" aria-label="What the clean-up does">
                {shown.rows.map((row) => (
                  <li
                    key={row.number}
                    className={row.goes ? 'goes' : 'kept'}
                    data-testid={`cleanup-row-${row.number}`}
                  >
                    <span>#{row.number}</span>
                    <span>{absoluteDate(row.date)}</span>
                    <span>
                      {row.goes
                        ? 'goes'
                        : `kept: ${row.keptBecause.map((r) => reasonWords[r]).join(', ')}`}
                    </span>
                    <span>
                      {row.goes && row.ownBytes !== null ? `${formatBytes(row.ownBytes)} own` : ''}
                    </span>
                  </li>
                ))}
              </ol>
              {shown.unknownClosures.length > 0 && (
                <p className="muted">
                  Not counted: #{shown.unknownClosures.join(', #')} (nix could not describe them).
                </p>
              )}
              <p className="muted">
                Runs <code>nix-env -p {shown.profilePath} --delete-generations …</code>, then{' '}
                <code>nix-store --gc</code>. Paths that other profiles or GC roots still hold stay.
              </p>
            </div>
          )}
          {busy && (
            <div className="gen-loading" role="status" data-testid="cleanup-progress">
              <span className="spinner" aria-hidden="true" />{' '}
              {progress?.phase === 'collecting'
                ? `Collecting garbage: ${formatCount(progress.pathsDeleted)} of about ${formatCount(progress.pathsExpected)} store paths…`
                : 'Deleting generations…'}
              {progress?.phase === 'collecting' && progress.pathsExpected > 0 && (
                <progress
                  className="gen-cleanup-progress"
                  max={progress.pathsExpected}
                  value={Math.min(progress.pathsDeleted, progress.pathsExpected)}
                />
              )}
            </div>
          )}
          {failure && <ErrorNotice error={failure} />}
        </div>
      )}
      <div className="dialog-actions">
        {result ? (
          <button type="button" className="primary" onClick={close}>
            Done
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy || !shown || !policy}
              onClick={() => void run()}
            >
              {shown && shown.goes.length > 0
                ? `Delete ${plural(shown.goes.length, 'generation')} and collect garbage`
                : 'Collect garbage'}
            </button>
          </>
        )}
      </div>
    </dialog>
  )
}
