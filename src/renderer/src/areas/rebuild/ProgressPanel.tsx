import { useEffect, useState } from 'react'
import type { RebuildRun, RebuildState } from '../../../../shared/rebuild/types'
import { formatBytes } from '../../../../shared/generations/format'
import { CopyButton } from '../../components/CopyButton'
import { failureShownFor } from './FailurePanel'
import { formatDuration } from './rebuild-format'
import { type ProgressStore, renderIntervalMs, untilBeat, useRunProgress } from './run-progress'
import { outcomeLine, RunOutcomeWords } from './RunOutcomeWords'

const phaseText: Record<RebuildState['phase'], string> = {
  starting: 'Starting',
  evaluating: 'Evaluating the configuration',
  building: 'Building',
  'checking-activation': 'Built: asking which services activating would restart',
  'awaiting-confirmation': 'Built: waiting for you to confirm',
  'setting-profile': 'Setting the profile',
  activating: 'Activating',
  finished: 'Finished',
}

/** The clock's tick: the durations shown, and the spinner's turn (on the progress's beat). */
const tickMs = renderIntervalMs

/** The wall clock, ticking on the beat progress reports are drawn on (one frame for both). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      setNow(Date.now())
      timer = setTimeout(tick, untilBeat(tickMs))
    }
    timer = setTimeout(tick, untilBeat(tickMs))
    return () => clearTimeout(timer)
  }, [active])
  return now
}

/**
 * The spinner turns an eighth with each tick of the clock (which redraws the panel anyway), not
 * with a CSS animation: an endless animation has the page draw 60 frames a second for the whole
 * build, on cores the build needs (about 60 ms of CPU each second on 2 cores).
 */
export function spinnerTurn(now: number): string {
  return `rotate(${(Math.floor(now / tickMs) % 8) * 45}deg)`
}

/**
 * A run's progress, and once it has ended its outcome, in the same place at the same height
 * (--turn-height): the outcome added as a box of its own under the progress, with the step before
 * building back above it, shrank the terminal by a third at the end of each run (xterm's redraw
 * in the very frame that showed the outcome, the last lines moving under the reader's eyes).
 */
export function ProgressPanel({
  state,
  progress: progressStore,
  finished = null,
  onNextBuild,
}: {
  state: RebuildState | null
  /** The run's progress: this panel alone re-renders when it changes. */
  progress: ProgressStore
  /** The run, once it has ended: its outcome takes the place of the builds running. */
  finished?: RebuildRun | null
  /** Asks for the step before building again (what the next build would change). */
  onNextBuild?: () => void
}) {
  const running =
    state !== null && state.phase !== 'finished' && state.phase !== 'awaiting-confirmation'
  const now = useNow(running)
  const progress = useRunProgress(progressStore)
  const builds = progress?.builds
  const counted = builds !== undefined && (builds.expected > 0 || builds.done > 0)
  const fraction = builds && builds.expected > 0 ? Math.min(1, builds.done / builds.expected) : 0
  const evaluating = !progress || progress.phase !== 'building'
  const runningNow = progress?.running ?? []
  return (
    <section
      className={
        finished ? `rebuild-progress run-finished status-${finished.status}` : 'rebuild-progress'
      }
      aria-label="Progress"
      data-testid={finished ? 'run-outcome' : undefined}
    >
      <div className="progress-headline">
        {finished ? (
          // The outcome in words, read out when it comes. A failure's own words are the failure
          // panel's headline below; they are not said twice.
          <span className="run-outcome-text" role="status" title={outcomeLine(finished)}>
            <RunOutcomeWords run={finished} withText={!failureShownFor(finished)} />
          </span>
        ) : (
          <span className="progress-phase" role="status">
            {running && (
              <span
                className="spinner"
                aria-hidden="true"
                style={{ animation: 'none', transform: spinnerTurn(now) }}
              />
            )}
            <strong>{state ? phaseText[state.phase] : 'Starting'}</strong>
            {state && running && (
              <span className="muted"> · {formatDuration(now - state.since)}</span>
            )}
            {progress?.evaluationStartedAt && evaluating && running && (
              <span className="muted">
                {' '}
                (evaluation {formatDuration(now - progress.evaluationStartedAt)})
              </span>
            )}
          </span>
        )}
        {runningNow.length > 0 && !finished && (
          // Beside the headline, on its one line, as many as fit (all are named on hover, each
          // with its last line, which only a single build has room for here): a list that grew
          // and shrank under it resized the terminal below each time a build started or ended
          // (xterm's redraw, and a SIGWINCH to nix, mid-build).
          <ul
            className={runningNow.length === 1 ? 'running-builds single' : 'running-builds'}
            aria-label="Building now"
            title={runningNow
              .map((b) => (b.lastLine ? `${b.name}: ${b.lastLine}` : b.name))
              .join('\n')}
          >
            {runningNow.map((b) => (
              <li key={b.id}>
                <span className="running-name">{b.name}</span>
                <span className="muted">{formatDuration(now - b.startedAt)}</span>
                {b.phase && <span className="badge">{b.phase}</span>}
                {b.machine && <span className="muted">on {b.machine}</span>}
                {b.lastLine && runningNow.length === 1 && (
                  <span className="running-line muted">{b.lastLine}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {(counted || finished) && (
        <div className="progress-counters">
          {counted && (
            <>
              <div
                className="progress-bar"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={builds.expected}
                aria-valuenow={builds.done}
                aria-label="Derivations built"
              >
                <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
              </div>
              <span data-testid="builds-count">
                {builds.done} / {builds.expected} built
              </span>
              {builds.running > 0 && !finished && <span>{builds.running} running</span>}
              {builds.failed > 0 && <span className="bad">{builds.failed} failed</span>}
            </>
          )}
          {progress && progress.copies.expected > 0 && (
            <span>
              {progress.copies.done} / {progress.copies.expected} copied
              {progress.copies.bytesExpected > 0
                ? ` (${formatBytes(progress.copies.bytesDone)} of ${formatBytes(progress.copies.bytesExpected)})`
                : ''}
            </span>
          )}
          {progress && progress.downloads.expected > 0 && (
            <span>
              {progress.downloads.done} / {progress.downloads.expected} downloaded
              {progress.downloads.bytesDone > 0
                ? ` (${formatBytes(progress.downloads.bytesDone)})`
                : ''}
            </span>
          )}
          {finished?.storePath && (
            <span className="run-outcome-path">
              <span className="muted mono" title={finished.storePath}>
                {finished.storePath}
              </span>
              <CopyButton label="Copy the store path" text={finished.storePath} />
            </span>
          )}
          {finished && onNextBuild && (
            <button
              type="button"
              className="link run-next-build"
              title="Before the next build: what the saved edits change against the running system, from evaluation alone"
              onClick={onNextBuild}
            >
              What will this change?
            </button>
          )}
        </div>
      )}
    </section>
  )
}
