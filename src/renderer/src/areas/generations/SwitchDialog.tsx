import { useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { Generation, GenerationTimeline } from '../../../../shared/generations/types'
import {
  describeVersions,
  formatBytes,
  formatBytesDelta,
  formatCount,
} from '../../../../shared/generations/format'
import { call, errorData } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { changeKinds, kindCounts, kindLabels } from './generations-view'
import { useComparison } from './useGenerations'

interface Props {
  timeline: GenerationTimeline
  target: Generation
  round: number
  onClose(switched: boolean): void
}

/** Notable changes listed in the confirmation: the user's own packages first. */
const listed = 12

/**
 * Asks before pointing the profile at another generation, showing what would change from the
 * current one: counts, closure size, and the first packages that move.
 */
export function SwitchDialog({ timeline, target, round, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const current = timeline.generations.find((g) => g.current) ?? null
  const pair = current ? { from: current.number, to: target.number } : null
  const { comparison, error, loading } = useComparison(pair, round)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorData | null>(null)
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal()
  }, [])

  const rollback = current !== null && target.number < current.number
  const moved = (comparison?.changes ?? [])
    .filter((c) => c.kind !== 'changed')
    .sort((a, b) => Number(b.selected) - Number(a.selected))
  const notable = moved.slice(0, listed)
  const counts = comparison ? kindCounts(comparison.changes) : null

  const confirm = async () => {
    setBusy(true)
    setFailure(null)
    try {
      await call('generations.switch', { number: target.number })
      onClose(true)
    } catch (e) {
      setFailure(errorData(e))
      setBusy(false)
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog gen-dialog"
      aria-labelledby="switch-title"
      onCancel={(e) => {
        e.preventDefault()
        if (!busy) onClose(false)
      }}
    >
      <h2 id="switch-title">
        {rollback ? 'Roll back' : 'Switch'} to generation {target.number}?
      </h2>
      <div className="dialog-body">
        <p>
          The profile now points at{' '}
          {current ? `generation ${current.number}` : 'no generation Flakedeck can read'}. This
          points it at generation {target.number} ({target.nixosVersion ?? 'no NixOS label'}).
        </p>
        {loading && (
          <div className="gen-loading" role="status">
            <span className="spinner" aria-hidden="true" /> Comparing with the current generation…
          </div>
        )}
        {error && <ErrorNotice error={error} />}
        {comparison && counts && (
          <div className="gen-switch-summary" data-testid="switch-summary">
            <p>
              Closure {formatBytes(comparison.totals.oldSize)} →{' '}
              {formatBytes(comparison.totals.newSize)} (
              {formatBytesDelta(comparison.totals.sizeDelta)}),{' '}
              {changeKinds
                .filter((k) => counts.byKind[k] > 0)
                .map((k) => `${formatCount(counts.byKind[k])} ${kindLabels[k].toLowerCase()}`)
                .join(', ') || 'no package changes'}
              .
            </p>
            {notable.length > 0 && (
              <ul className="gen-switch-changes">
                {notable.map((c) => (
                  <li key={c.name}>
                    <span className={`gen-kind-badge gen-kind-${c.kind}`}>
                      {kindLabels[c.kind]}
                    </span>{' '}
                    {c.selected ? '★ ' : ''}
                    <strong>{c.name}</strong> <span className="muted">{describeVersions(c)}</span>
                  </li>
                ))}
                {moved.length > notable.length && (
                  <li className="muted">
                    and {formatCount(moved.length - notable.length)} more; the comparison lists them
                    all.
                  </li>
                )}
              </ul>
            )}
          </div>
        )}
        <p className="muted">
          Runs{' '}
          <code>
            nix-env -p {timeline.profilePath} --switch-generation {target.number}
          </code>
          . It moves the profile link only: what uses the profile sees the other generation from now
          on, and a NixOS system or a home-manager profile takes it when that generation is
          activated. Switching back is the same step.
        </p>
        {failure && <ErrorNotice error={failure} />}
      </div>
      <div className="dialog-actions">
        <button type="button" disabled={busy} onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
          {busy ? 'Switching…' : `${rollback ? 'Roll back' : 'Switch'} to #${target.number}`}
        </button>
      </div>
    </dialog>
  )
}
