import {
  formatBytes,
  formatBytesDelta,
  describeVersions,
} from '../../../../shared/generations/format'
import type { DryActivation, UnitChanges } from '../../../../shared/rebuild/types'
import { ErrorNotice } from '../../components/ErrorNotice'
import { BootFitWarning } from '../generations/BootPanel'
import { useActivationComparison } from './useRebuildReads'

interface Props {
  action: string
  /** The profile the run writes, whose current system `current` is. */
  profile: string | null
  current: string | null
  next: string
  /**
   * Which services activating would touch (the new system's `switch-to-configuration
   * dry-activate`); undefined when the run did not ask.
   */
  dryActivation?: DryActivation | null
  onConfirm(): void
  onDecline(): void
}

const shown = 40
const unitsShown = 30

const unitLines: ReadonlyArray<[keyof Omit<UnitChanges, 'restartSystemd'>, string]> = [
  ['restart', 'These services would restart'],
  ['stop', 'These services would stop'],
  ['start', 'These services would start'],
  ['reload', 'These services would reload'],
  ['skipped', 'Changed, but left running until you restart them'],
  ['swapOff', 'These swap devices would be turned off'],
]

function unitList(units: readonly string[]): string {
  const listed = units.slice(0, unitsShown).join(', ')
  return units.length > unitsShown ? `${listed} and ${units.length - unitsShown} more` : listed
}

/** What activating would do to the services, or why that is not known. */
function ServiceChanges({ dryActivation }: { dryActivation: DryActivation | null }) {
  if (!dryActivation) return <p className="muted">Asking which services would restart…</p>
  if (dryActivation.status === 'unknown') {
    return (
      <p className="muted" data-testid="activation-services-unknown">
        Could not tell which services would restart: {dryActivation.reason}
      </p>
    )
  }
  const units = dryActivation.units
  const lines = unitLines.filter(([key]) => units[key].length > 0)
  if (lines.length === 0 && !units.restartSystemd) {
    return (
      <p className="muted" data-testid="activation-services-none">
        No service would stop, restart, start or reload.
      </p>
    )
  }
  return (
    <ul className="activation-changes" aria-label="Services">
      {units.restartSystemd && (
        <li data-testid="activation-services-systemd">systemd itself would restart.</li>
      )}
      {lines.map(([key, text]) => (
        <li key={key} data-testid={`activation-services-${key}`}>
          {text}: {unitList(units[key])}
        </li>
      ))}
    </ul>
  )
}

/** The look before switching: what the new system changes against the running one. */
export function ConfirmActivation({
  action,
  profile,
  current,
  next,
  dryActivation,
  onConfirm,
  onDecline,
}: Props) {
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
      {dryActivation !== undefined && <ServiceChanges dryActivation={dryActivation} />}
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
