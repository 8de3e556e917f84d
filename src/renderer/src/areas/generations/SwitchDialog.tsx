import { useState } from 'react'
import type { Generation, GenerationTimeline } from '../../../../shared/generations/types'
import {
  describeVersions,
  formatBytes,
  formatBytesDelta,
  formatCount,
} from '../../../../shared/generations/format'
import type { ActivationAction } from '../../../../shared/rebuild/types'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { BootFitWarning } from './BootPanel'
import { commandLine } from '../rebuild/rebuild-format'
import { changeKinds, kindCounts, kindLabels } from '../../components/change-filter'
import { useSwitchGeneration, type SwitchOutcome } from './useGenerationActions'
import { useSwitchPlan, useComparison } from './useGenerations'

interface Props {
  timeline: GenerationTimeline
  target: Generation
  /** The open repo, which the activation run is recorded under. */
  repo: string
  /** A NixOS system: a switch always activates (as root); see switchMode. */
  nixos: boolean
  /** How the dialog ended: null when nothing was done. */
  onClose(outcome: SwitchOutcome | null): void
}

/** Notable changes listed in the confirmation: the user's own packages first. */
const listed = 12

/**
 * Asks before switching to another generation, showing what would change from the current one:
 * counts, closure size, and the first packages that move. A NixOS system is switched and
 * activated (the profile, then switch-to-configuration, in the Rebuild area's terminal, where
 * sudo can ask); another profile is moved with nix-env, and activated too if the user asks and
 * the generation is a system.
 */
export function SwitchDialog({ timeline, target, repo, nixos, onClose }: Props) {
  const current = timeline.generations.find((g) => g.current) ?? null
  const pair = current ? { from: current.number, to: target.number } : null
  const { comparison, error, loading } = useComparison(pair)
  const plan = useSwitchPlan(target.number)
  const [asked, setAsked] = useState<'profile' | ActivationAction | null>(null)
  const task = useSwitchGeneration(repo)
  const busy = task.busy ? asked : null
  const failure = task.failure

  const rollback = current !== null && target.number < current.number
  const verb = rollback ? 'Roll back' : 'Switch'
  const moved = (comparison?.changes ?? [])
    .filter((c) => c.kind !== 'changed')
    .sort((a, b) => Number(b.selected) - Number(a.selected))
  const notable = moved.slice(0, listed)
  const counts = comparison ? kindCounts(comparison.changes) : null
  const steps = plan.activation?.plan.steps ?? null
  const sudo = steps?.some((s) => s.argv[0] === 'sudo') ?? false
  // Rollback as a NixOS user means it: switch and activate comes first whenever the generation
  // can be activated; only moving the profile link stays offered beside it, as the lesser step.
  const offerPlain = true
  const plainIsSecondary = steps !== null

  const run = async (how: 'profile' | ActivationAction) => {
    setAsked(how)
    const outcome = await task.run(target.number, how)
    if (outcome) onClose(outcome)
  }

  const activation = steps && (
    <>
      <p className="muted">
        <strong>Switch and activate</strong>{' '}
        {nixos ? 'makes it the running system and the boot default' : 'also activates it'}. It runs
        in the Rebuild area&apos;s terminal
        {sudo ? ', where sudo asks for your password' : ''}, like{' '}
        <code>nixos-rebuild switch --rollback</code> (every generation is kept):
      </p>
      <div className="command-preview" role="region" aria-label="Commands to run">
        {steps.map((step, i) => (
          <div key={i} className="command-line">
            <span className="muted">{i === 0 ? '$ ' : 'then: '}</span>
            <code>{commandLine(step.argv)}</code>
          </div>
        ))}
      </div>
      {nixos && (
        <p className="muted">
          <strong>At next boot</strong> only makes it the boot default (switch-to-configuration
          boot); the running system stays as it is.
        </p>
      )}
    </>
  )
  const plain = (
    <p className="muted">
      <strong>
        {verb} to #{target.number}
      </strong>{' '}
      runs{' '}
      <code>
        nix-env -p {timeline.profilePath} --switch-generation {target.number}
      </code>
      . It moves the profile link only: what uses the profile sees the other generation from now on,
      and a NixOS system or a home-manager profile takes it when that generation is activated.
      Switching back is the same step.
    </p>
  )

  const plainButton = (
    <button
      type="button"
      className={plainIsSecondary ? '' : 'primary'}
      disabled={busy !== null}
      title={`nix-env -p ${timeline.profilePath} --switch-generation ${target.number}, without activating`}
      onClick={() => void run('profile')}
    >
      {busy === 'profile'
        ? 'Switching…'
        : plainIsSecondary
          ? 'Only move the profile link'
          : `${verb} to #${target.number}`}
    </button>
  )

  return (
    <Dialog
      title={`${verb} to generation ${target.number}?`}
      className="dialog gen-dialog"
      dismissable={busy === null}
      onClose={() => onClose(null)}
    >
      <div className="dialog-body">
        <p>
          The profile now points at{' '}
          {current ? `generation ${current.number}` : 'no generation Flakedeck can read'}. This
          points it at generation {target.number} (
          {target.homeManagerVersion
            ? `Home Manager ${target.homeManagerVersion}`
            : (target.nixosVersion ?? 'no NixOS label')}
          ){nixos ? ' and activates it, now or at the next boot.' : '.'}
        </p>
        {loading && (
          <div className="gen-loading" role="status">
            <span className="spinner" aria-hidden="true" /> Comparing with the current generation…
          </div>
        )}
        {error && <ErrorNotice error={error} />}
        <BootFitWarning storePath={target.storePath} />
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
        {/* The default way first: activation on NixOS, moving the profile elsewhere. */}
        {nixos ? (
          <>
            {activation}
            {plan.loading && (
              <div className="gen-loading" role="status">
                <span className="spinner" aria-hidden="true" /> Checking generation {target.number}…
              </div>
            )}
            {plan.error && <ErrorNotice error={plan.error} />}
            {offerPlain && plain}
          </>
        ) : (
          <>
            {activation}
            {plain}
            {plan.error && (
              <p className="muted" data-testid="no-activation">
                Switch and activate is not offered: {plan.error.message}
              </p>
            )}
          </>
        )}
        {failure && <ErrorNotice error={failure} />}
      </div>
      <div className="dialog-actions">
        <button type="button" disabled={busy !== null} onClick={() => onClose(null)}>
          Cancel
        </button>
        {plainIsSecondary && offerPlain && plainButton}
        {nixos && (
          <button
            type="button"
            disabled={busy !== null || !steps}
            title={`Make generation ${target.number} the boot default; it is activated at the next boot`}
            onClick={() => void run('boot')}
          >
            {busy === 'boot' ? 'Starting…' : 'At next boot'}
          </button>
        )}
        {(nixos || steps) && (
          <button
            type="button"
            className={nixos || steps ? 'primary' : ''}
            disabled={busy !== null || !steps}
            onClick={() => void run('switch')}
          >
            {busy === 'switch' ? 'Starting…' : 'Switch and activate'}
          </button>
        )}
        {!plainIsSecondary && plainButton}
      </div>
    </Dialog>
  )
}
