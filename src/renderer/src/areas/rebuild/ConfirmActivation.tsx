import {
  formatBytes,
  formatBytesDelta,
  describeVersions,
} from '../../../../shared/generations/format'
import { ErrorNotice } from '../../components/ErrorNotice'
import { BootFitWarning } from '../generations/BootPanel'
import { useActivationComparison } from './useRebuildReads'

interface Props {
  action: string
  /** The profile the run writes, whose current system `current` is. */
  profile: string | null
  current: string | null
  next: string
  onConfirm(): void
  onDecline(): void
}

const shown = 40

/** The look before switching: what the new system changes against the running one. */
export function ConfirmActivation({ action, profile, current, next, onConfirm, onDecline }: Props) {
  const { comparison, error } = useActivationComparison(profile, current, next)

  const counts = comparison?.totals.counts
  return (
    <section className="confirm-activation" aria-label="Before activating">
      <h2>Built. {action === 'boot' ? 'Make it the boot default?' : 'Switch to it?'}</h2>
      <p className="muted mono">{next}</p>
      {profile && (
        <p className="muted">
          Compared with what <code data-testid="activation-profile">{profile}</code> points to now.
        </p>
      )}
      {!current && (
        <p>There is no current system to compare with; this will be the first generation.</p>
      )}
      {current && !comparison && !error && (
        <p className="muted">Comparing with the current system…</p>
      )}
      {error && <ErrorNotice error={error} />}
      <BootFitWarning storePath={next} />
      {comparison && counts && (
        <>
          <p data-testid="activation-summary">
            {counts.added} added, {counts.removed} removed, {counts.upgraded} upgraded,{' '}
            {counts.downgraded} downgraded, {counts.changed} changed · closure{' '}
            {formatBytes(comparison.totals.newSize)} (
            {formatBytesDelta(comparison.totals.sizeDelta)})
          </p>
          {comparison.changes.length > 0 && (
            <ul className="activation-changes">
              {comparison.changes.slice(0, shown).map((c) => (
                <li key={c.name} className={`change-${c.kind}`}>
                  <span className="change-kind">{c.kind}</span> <strong>{c.name}</strong>{' '}
                  <span className="muted">{describeVersions(c)}</span>
                </li>
              ))}
              {comparison.changes.length > shown && (
                <li className="muted">and {comparison.changes.length - shown} more</li>
              )}
            </ul>
          )}
        </>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={onConfirm}>
          {action === 'boot' ? 'Set as boot default' : 'Activate'}
        </button>
        <button type="button" onClick={onDecline}>
          Don&apos;t activate
        </button>
      </div>
    </section>
  )
}
