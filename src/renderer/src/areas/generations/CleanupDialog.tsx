import { useState } from 'react'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupResult,
  KeepReason,
} from '../../../../shared/generations/care-types'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { plural } from '../../../../shared/plural'
import { ErrorNotice } from '../../components/ErrorNotice'
import { absoluteDate } from './generations-view'
import { TaskDialog } from './TaskDialog'
import { useCleanupPlan, useCleanupProgress, useCleanupRun } from './useCleanup'
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

/**
 * The clean-up: a keep-policy, a preview of the generations that go and the bytes that frees
 * (asked of the core as the policy changes), then deletion and garbage collection with progress.
 */
export function CleanupDialog({ profilePath, onClose }: Props) {
  const [useKeep, setUseKeep] = useState(true)
  const [keep, setKeep] = useState(5)
  const [useSince, setUseSince] = useState(true)
  const [days, setDays] = useState(14)
  const policy: CleanupPolicy | null =
    (useKeep && keep >= 1) || (useSince && days >= 0)
      ? {
          keep: useKeep && keep >= 1 ? keep : null,
          keepSinceDays: useSince && days >= 0 ? days : null,
        }
      : null
  const { plan: shown, error: planError } = useCleanupPlan(policy)
  const progress = useCleanupProgress(shown?.profilePath ?? profilePath)
  const { busy, failure, result, run } = useCleanupRun()

  return (
    <TaskDialog
      name="cleanup"
      title="Clean up"
      busy={busy}
      failure={failure}
      progress={
        <>
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
        </>
      }
      result={result && <CleanupOutcome result={result} />}
      confirm={{
        label:
          shown && shown.goes.length > 0
            ? `Delete ${plural(shown.goes.length, 'generation')} and collect garbage`
            : 'Collect garbage',
        disabled: !shown || !policy,
        onClick: () => {
          if (shown && policy) void run(policy, shown)
        },
      }}
      onClose={() => onClose(result)}
    >
      <fieldset className="gen-cleanup-policy" disabled={busy}>
        <legend className="muted">Keep</legend>
        <label className="checkbox inline">
          <input type="checkbox" checked={useKeep} onChange={(e) => setUseKeep(e.target.checked)} />
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
      {shown && <CleanupPreview plan={shown} />}
    </TaskDialog>
  )
}

function CleanupOutcome({ result }: { result: CleanupResult }) {
  return (
    <>
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
    </>
  )
}

/** Each generation with why it stays or that it goes, and what going frees. */
function CleanupPreview({ plan }: { plan: CleanupPlan }) {
  return (
    <div data-testid="cleanup-preview">
      <p className="gen-cleanup-total">
        {plan.goes.length > 0 ? (
          <>
            <strong>{plural(plan.goes.length, 'generation')}</strong> go, freeing about{' '}
            <strong data-testid="cleanup-bytes">{formatBytes(plan.freedBytes)}</strong> (
            {plural(plan.freedPaths, 'store path')} only they reach).
          </>
        ) : (
          'No generation goes with this policy.'
        )}
      </p>
      <ol className="gen-cleanup-rows" aria-label="What the clean-up does">
        {plan.rows.map((row) => (
          <li
            key={row.number}
            className={row.goes ? 'goes' : 'kept'}
            data-testid={`cleanup-row-${row.number}`}
          >
            <span>#{row.number}</span>
            <span>{absoluteDate(row.date)}</span>
            <span>
              {row.goes ? 'goes' : `kept: ${row.keptBecause.map((r) => reasonWords[r]).join(', ')}`}
            </span>
            <span>
              {row.goes && row.ownBytes !== null ? `${formatBytes(row.ownBytes)} own` : ''}
            </span>
          </li>
        ))}
      </ol>
      {plan.unknownClosures.length > 0 && (
        <p className="muted">
          Not counted: #{plan.unknownClosures.join(', #')} (nix could not describe them).
        </p>
      )}
      <p className="muted">
        Runs <code>nix-env -p {plan.profilePath} --delete-generations …</code>, then{' '}
        <code>nix-store --gc</code>. Paths that other profiles or GC roots still hold stay.
      </p>
    </div>
  )
}
