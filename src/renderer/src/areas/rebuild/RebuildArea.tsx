import { useCallback, useEffect, useRef, useState } from 'react'
import type { RepoInfo } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import type { RebuildAction, RebuildRun } from '../../../../shared/rebuild/types'
import { errorData } from '../../api/client'
import { onShowRunRequest } from '../../app/run-request'
import { CopyButton } from '../../components/CopyButton'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { useHosts } from '../../data/useHosts'
import { useSettings } from '../../data/useSettings'
import { BeforeBuilding } from './BeforeBuilding'
import { ConfirmActivation } from './ConfirmActivation'
import { FailurePanel, failureShownFor } from './FailurePanel'
import { LogView } from './LogView'
import { ProgressPanel } from './ProgressPanel'
import { RebuildSettings } from './RebuildSettings'
import { commandLine, defaultHost, startLabel } from './rebuild-format'
import { RunHistory } from './RunHistory'
import { RunOutcomeWords } from './RunOutcomeWords'
import { TerminalView } from './TerminalView'
import { useRebuildCommands } from './useRebuildCommands'
import { useFindRun, useRebuildPlan } from './useRebuildReads'
import { useRebuildSession } from './useRebuildSession'

const actions: { id: RebuildAction; label: string; hint: string }[] = [
  { id: 'switch', label: 'Switch', hint: 'build, activate now and make it the boot default' },
  { id: 'boot', label: 'Boot', hint: 'build and make it the boot default; activate at next boot' },
  {
    id: 'test',
    label: 'Test',
    hint: 'build and activate now, but do not make it the boot default',
  },
  { id: 'build', label: 'Build', hint: 'build only' },
  { id: 'dry-build', label: 'Dry build', hint: 'show what would be built' },
]

/** Switch and boot move the profile; test, build and dry-build leave it where it is. */
const writesProfile = (action: RebuildAction) => action === 'switch' || action === 'boot'

export function RebuildArea({ repo }: { repo: RepoInfo }) {
  const session = useRebuildSession(repo.path)
  const { settings, change: changeSettings } = useSettings()
  const { hosts, error: hostsProblem } = useHosts(repo.path)
  const hostsError = hostsProblem?.message ?? null
  // This machine's name, when the flake defines it, is the host one means nine times of ten.
  const status = useCoreQuery(keys.appStatus(), 'app.status', {})
  const machineKnown = !status.isPending
  const [chosenHost, setHost] = useState<string | null>(null)
  const host =
    chosenHost ??
    (hosts !== null && machineKnown ? defaultHost(hosts, status.data?.hostname ?? null) : null)
  const [action, setAction] = useState<RebuildAction>('switch')
  const planned = useRebuildPlan(repo.path, host, action)
  const plan = planned.plan
  /** A failure of this area's own doing (a setting refused, a run no longer recorded). */
  const [failure, setFailure] = useState<AppErrorData | null>(null)
  const shownError = failure ?? planned.error
  /** The error the user closed (by its text): it stays closed until another one comes. */
  const [dismissed, setDismissed] = useState<string | null>(null)
  const planError = shownError && JSON.stringify(shownError) !== dismissed ? shownError : null
  const dismissPlanError = () => {
    setFailure(null)
    setDismissed(JSON.stringify(shownError))
  }
  const [past, setPast] = useState<{ runId: number; output: string } | null>(null)
  /** The run whose full log is open. */
  const [logRun, setLogRun] = useState<number | null>(null)
  /** Lines of the run shown that this window's terminal skipped because it fell behind. */
  const [skipped, setSkipped] = useState<{ runId: number; lines: number } | null>(null)
  const findRun = useFindRun()

  const live = session.live
  const running = live !== null && live.finished === null
  // While a run goes on, the controls show its host and action (a window that attached to it
  // mid-run included), and the command is the one it runs.
  // Taken over once per run, during render (React's pattern for state that follows a prop), so
  // they stay after the run ends.
  const runningHost = running ? live.host : null
  const [followedRun, setFollowedRun] = useState<number | null>(null)
  if (running && live.runId !== followedRun) {
    setFollowedRun(live.runId)
    setHost(live.host)
    setAction(live.action)
  }
  const shownPlan = running && live.plan ? live.plan : plan
  const hostOptions =
    runningHost !== null && hosts !== null && !hosts.includes(runningHost)
      ? [...hosts, runningHost]
      : (hosts ?? [])
  const state = live?.state ?? null
  const finished = live?.finished ?? null
  // A past run's saved output, while that run is the one shown (a new run replaces it).
  const pastOutput = past !== null && past.runId === live?.runId ? past.output : undefined
  /** The finished run after which the user asked for the step before building again. */
  const [nextAskedAfter, setNextAskedAfter] = useState<number | null>(null)
  // The run's panel (its progress, then its outcome) and the step before building take turns in
  // one place at one height, so the terminal keeps its size at the start and at the end of a
  // run. A finished run stays there until the next one is set up: another host or action, or
  // "What will this change?" in its panel (which opens the step before building).
  const setUpAsRun = live !== null && host === live.host && action === live.action
  const runPanelShown =
    live !== null &&
    pastOutput === undefined &&
    (running || (finished !== null && nextAskedAfter !== live.runId && setUpAsRun))
  // Asked for from the finished run's panel, the step opens with its prediction under way; one
  // that comes back for another host or action waits to be asked.
  const openBeforeBuilding = setUpAsRun && nextAskedAfter === live.runId

  const run = async () => {
    if (!host) return
    setPast(null)
    await session.start(host, action)
  }
  useRebuildCommands({
    hosts: hosts ?? [],
    actions,
    running,
    start: (chosen, chosenAction) => {
      setHost(chosen)
      setAction(chosenAction)
      setPast(null)
      void session.start(chosen, chosenAction)
    },
    cancel: () => void session.cancel(),
  })
  const showPast = async (record: RebuildRun) => {
    const output = await session.showPast(record)
    setPast({ runId: record.id, output: output ?? '(no output was recorded for this run)\r\n' })
  }
  // "run #8" in Generations: that run's log, unless a run is going (its terminal stays).
  const showPastRef = useRef(showPast)
  const historyRef = useRef(session.history)
  const runningRef = useRef(running)
  const findRunRef = useRef(findRun)
  useEffect(() => {
    findRunRef.current = findRun
    showPastRef.current = showPast
    historyRef.current = session.history
    runningRef.current = running
  })
  const selectRun = useCallback((record: RebuildRun) => void showPastRef.current(record), [])
  useEffect(
    () =>
      onShowRunRequest(({ runId, repo: runRepo }) => {
        if (runningRef.current) return
        const known = historyRef.current.find((r) => r.id === runId)
        const found = known ? Promise.resolve(known) : findRunRef.current(runRepo, runId)
        found.then(
          (record) => {
            if (record) void showPastRef.current(record)
            else setFailure({ code: 'not-found', message: `Run #${runId} is no longer recorded.` })
          },
          (e: unknown) => setFailure(errorData(e)),
        )
      }),
    [],
  )

  return (
    <div className="rebuild-area">
      <div className="rebuild-main">
        <header className="rebuild-controls">
          <label htmlFor="rebuild-host">Host</label>
          <select
            id="rebuild-host"
            value={host ?? ''}
            onChange={(e) => setHost(e.target.value)}
            disabled={running || hostOptions.length === 0}
          >
            {hostOptions.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          <div className="segmented" role="radiogroup" aria-label="Action">
            {actions.map((a) => (
              <button
                key={a.id}
                type="button"
                role="radio"
                aria-checked={a.id === action}
                className={a.id === action ? 'active' : ''}
                title={a.hint}
                disabled={running && a.id !== action}
                onClick={() => setAction(a.id)}
              >
                {a.label}
              </button>
            ))}
          </div>
          <span className="status-spacer" />
          {running ? (
            <button type="button" className="danger" onClick={() => void session.cancel()}>
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              data-testid="rebuild-start"
              title={actions.find((a) => a.id === action)?.hint}
              disabled={!host || !plan}
              onClick={() => void run()}
            >
              {startLabel(action)}
            </button>
          )}
        </header>
        {hostsError && (
          <div className="notice notice-error compact" role="alert">
            <div className="notice-body">
              <strong>The flake&apos;s hosts could not be read.</strong> {hostsError}
            </div>
          </div>
        )}
        {hosts && hosts.length === 0 && !hostsError && (
          <p className="muted rebuild-note">
            This flake defines no nixosConfigurations, so there is nothing to rebuild.
          </p>
        )}
        {shownPlan && (
          <div className="command-preview" role="region" aria-label="Command to run">
            <span className="command-preview-head">
              <CopyButton
                label="Copy the command"
                text={shownPlan.steps.map((step) => commandLine(step.argv)).join('\n')}
              />
            </span>
            {shownPlan.steps.map((step, i) => (
              <div key={i} className="command-line">
                <span className="muted">
                  {shownPlan.confirmBeforeStep === i
                    ? 'after you confirm: '
                    : i === 0
                      ? '$ '
                      : 'then: '}
                </span>
                <code>{commandLine(step.argv)}</code>
              </div>
            ))}
            <div className="command-line muted" data-testid="rebuild-profile-line">
              {writesProfile(shownPlan.action) ? 'writes the profile ' : 'profile (not written) '}
              <code data-testid="rebuild-profile">{shownPlan.profilePath}</code>
            </div>
          </div>
        )}
        {plan && host && !running && !runPanelShown && (
          <BeforeBuilding
            key={`${host}\n${plan.profilePath}`}
            repo={repo.path}
            host={host}
            profile={plan.profilePath}
            startLabel={startLabel(action)}
            initiallyOpen={openBeforeBuilding}
            onStart={() => void run()}
          />
        )}
        {planError && <ErrorNotice error={planError} onDismiss={dismissPlanError} />}
        {settings && (
          <RebuildSettings
            key={JSON.stringify(settings)}
            settings={settings}
            action={action}
            onChange={(p) => void changeSettings(p).catch((e: unknown) => setFailure(errorData(e)))}
          />
        )}
        {session.error && <ErrorNotice error={session.error} onDismiss={session.clearError} />}
        {live && runPanelShown && (
          <ProgressPanel
            state={state}
            progress={session.progress}
            finished={finished}
            onNextBuild={plan && host ? () => setNextAskedAfter(live.runId) : undefined}
          />
        )}
        {running && state?.phase === 'awaiting-confirmation' && state.toplevel && (
          <ConfirmActivation
            action={live.action}
            profile={live.plan?.profilePath ?? null}
            current={state.currentToplevel}
            next={state.toplevel}
            dryActivation={state.dryActivation}
            onConfirm={() => void session.confirm()}
            onDecline={() => void session.decline()}
          />
        )}
        {finished && pastOutput !== undefined && (
          // A past run chosen in the list: its outcome (its progress was not kept).
          <div
            className={`run-outcome status-${finished.status}`}
            role="status"
            data-testid="run-outcome"
          >
            <RunOutcomeWords run={finished} withText={!failureShownFor(finished)} />
            {finished.storePath && (
              <>
                <span className="muted mono"> · {finished.storePath}</span>{' '}
                <CopyButton label="Copy the store path" text={finished.storePath} />
              </>
            )}
          </div>
        )}
        {finished?.failure && failureShownFor(finished) && (
          <FailurePanel failure={finished.failure} />
        )}
        <TerminalView
          feed={session.feed}
          runKey={live?.runId ?? null}
          initial={pastOutput}
          onOpenLog={() => live && setLogRun(live.runId)}
          onResize={session.terminalResized}
          // Always there, so the terminal below keeps its size when a run starts (a resize of
          // the terminal, and of nix's pty, while a small switch is under way).
          tools={
            <>
              {live && skipped?.runId === live.runId && (
                <span
                  className="muted skipped-note"
                  data-testid="skipped-note"
                  title={skippedNote(skipped.lines)}
                >
                  {skippedNote(skipped.lines)}
                </span>
              )}
              <button
                type="button"
                disabled={!live}
                title={live ? "Every line of the run's output, with search" : 'No run to show yet'}
                onClick={() => live && setLogRun(live.runId)}
              >
                Full log…
              </button>
            </>
          }
          onSkipped={(lines) =>
            live &&
            setSkipped((s) => ({
              runId: live.runId,
              lines: (s?.runId === live.runId ? s.lines : 0) + lines,
            }))
          }
        />
        {logRun !== null && <LogView runId={logRun} onClose={() => setLogRun(null)} />}
      </div>
      <RunHistory runs={session.history} selected={finished?.id ?? null} onSelect={selectRun} />
    </div>
  )
}

/** Says how many lines the terminal left out, and why. */
function skippedNote(lines: number): string {
  return `${lines.toLocaleString('en')} lines not drawn here (the terminal shows the newest when output comes faster than it can draw)`
}
