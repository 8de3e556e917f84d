// The Rebuild feature's core: starts a rebuild of a flake host (one at a time per repo), lets the
// user answer prompts, resize, cancel, and confirm or decline activation, and keeps the record
// of every run. Everything it reports goes through the `emit` callback it is given.
// (About 380 lines, one idea: the set of runs, which are going, which repos are busy and which
// finished runs' logs stay in memory, each public method a few lines over it; the pieces of a
// run are the modules it imports.)
import type Database from 'better-sqlite3'
import { join, resolve } from 'node:path'
import {
  type AttachedRun,
  type RebuildPlan,
  type RebuildProgress,
  type RebuildRun,
  type RebuildStartInput,
  type RebuildState,
} from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { PtyRunner } from '../pty-runner'
import {
  generationSwitchRun,
  planGenerationSwitch,
  type GenerationSwitchInput,
  type GenerationSwitchPlan,
} from './generation-switch'
import { ActiveRun, type RebuildEmit, type RunSetup } from './rebuild-run'
import type { RunFeedChunk } from './run-feed'
import { defaultLogCap, RunLog, type LogLine, type LogPage } from './run-log'

export type { RebuildEmit } from './rebuild-run'
import { snapshotRepo, type RepoSnapshot } from './repo-snapshot'
import { clearForRun, parseInput, prepareRun, requireFolder, workDirOf } from './run-preparation'
import { RunStore } from './run-store'

export interface RebuildServiceDeps {
  db: Database.Database
  nix: NixService
  git: GitService
  pty: PtyRunner
  emit: RebuildEmit
}

export interface RebuildServiceOptions {
  /** Where runs keep their result links (one folder per repo). */
  workDir: string
  /** Added to the environment of every command a rebuild runs. */
  env?: Record<string, string | undefined>
  now?: () => number
  /**
   * Least time between two progress events of a run (default 250 ms: at most 4 a second). A
   * window draws the progress twice a second (run-progress.ts); at 100 ms, six of every ten
   * events were read, parsed and folded by the page for nothing while nix built on its cores.
   */
  progressIntervalMs?: number
  /** Characters of output kept in memory and stored per run (the newest); default 32 MiB. */
  outputCap?: number
  /** Longest dispose() waits for cancelled runs to end (default disposeWaitMs). */
  disposeWaitMs?: number
}

/**
 * How long closing the app waits for its cancelled runs to end and be recorded: a command is
 * sent SIGTERM, then SIGKILL after 5 s, and its end is recorded at once. A run that still has not
 * ended by then (a program that escaped its process group and holds the terminal) must not keep
 * the app or the server from stopping: it stays recorded as running, and the next start marks it
 * interrupted (its process is gone).
 */
export const disposeWaitMs = 10_000

export interface ActiveRunInfo {
  runId: number
  repo: string
  host: string
  action: RebuildStartInput['action']
  state: RebuildState
  progress: RebuildProgress
}

/** Finished runs whose log stays in memory, for the windows still reading their last output. */
const keptFinishedRuns = 2

export class RebuildService {
  readonly store: RunStore
  private readonly runs = new Map<number, ActiveRun>()
  private readonly finishedRuns: ActiveRun[] = []
  /** The stored log last opened in the log view, read once for its pages and searches. */
  private storedLog: { runId: number; log: RunLog } | null = null
  /** Repos with a run, including one still being set up (null until it has an id). */
  private readonly busyRepos = new Map<string, ActiveRun | null>()
  private readonly now: () => number

  constructor(
    private readonly deps: RebuildServiceDeps,
    private readonly options: RebuildServiceOptions,
  ) {
    this.now = options.now ?? Date.now
    this.store = new RunStore(deps.db)
  }

  /**
   * Marks runs whose process is gone (Flakedeck crashed or was killed mid-run) interrupted. Only
   * the app's start-up calls this: a command that merely opens the database must not touch a
   * run that a running app is doing.
   */
  recoverInterrupted(): number {
    return this.store.markInterrupted(this.now())
  }

  /** The commands a rebuild with this input would run, for showing before it starts. */
  async plan(input: RebuildStartInput): Promise<RebuildPlan> {
    // A window shows the commands before it runs them: the first one should not wait for the pty.
    this.deps.pty.warm()
    const parsed = parseInput(input)
    return (await prepareRun(parsed, resolve(parsed.repo), this.deps.nix, this.options.workDir))
      .plan
  }

  /**
   * Starts a rebuild and returns once it is recorded and running; events report the rest and
   * wait(runId) resolves with the finished record. A second rebuild of a repo while one runs is
   * refused.
   */
  async start(input: RebuildStartInput): Promise<{ runId: number; plan: RebuildPlan }> {
    const parsed = parseInput(input)
    const repo = resolve(parsed.repo)
    // Claimed before anything is awaited, so two starts at once cannot both pass.
    this.claim(repo)
    try {
      const prepared = await prepareRun(parsed, repo, this.deps.nix, this.options.workDir)
      const cleared = clearForRun(prepared)
      // What the repo is made of is read once the first command has started: git's processes
      // must not delay it.
      const runId = this.launch(
        { input: parsed, repo, ...prepared, ...cleared },
        prepared.nixPath,
        () => snapshotRepo(this.deps.git, repo),
      )
      return { runId, plan: prepared.plan }
    } catch (error) {
      this.busyRepos.delete(repo)
      throw error
    }
  }

  /**
   * The commands that would switch to a generation (see generation-switch.ts); serves the
   * contract's `generations.activationPlan`.
   */
  planGenerationSwitch(input: GenerationSwitchInput): Promise<GenerationSwitchPlan> {
    return planGenerationSwitch(input, this.deps.nix, this.store)
  }

  /**
   * Switches to an existing generation as a recorded run of `repo` (the open repo; one run per
   * repo still applies): the profile first, then the system's switch-to-configuration, in a pty
   * so sudo can ask. Nothing is built and nothing waits for confirmation. Serves the contract's
   * `generations.activate` (the app's "Switch and activate"; `generations.switch` only moves the
   * profile and is the generations service's).
   */
  async switchToGeneration(
    input: GenerationSwitchInput & { repo: string },
  ): Promise<{ runId: number; plan: RebuildPlan }> {
    const repo = resolve(input.repo)
    this.claim(repo)
    try {
      requireFolder(repo)
      const planned = await this.planGenerationSwitch(input)
      const workDir = workDirOf(this.options.workDir, repo)
      const run = generationSwitchRun({ ...input, repo }, planned, this.store)
      const runId = this.launch(
        {
          input: run.input,
          repo,
          plan: planned.plan,
          workDir,
          outLink: join(workDir, 'result'),
          toplevel: planned.target.storePath,
          statusText: run.statusText,
        },
        null,
        run.snapshot,
      )
      return { runId, plan: planned.plan }
    } catch (error) {
      this.busyRepos.delete(repo)
      throw error
    }
  }

  /** The finished record of a run (at once for a run that has ended). */
  async wait(runId: number): Promise<RebuildRun> {
    const run = this.runs.get(runId)
    if (run) return run.finished
    const record = this.store.get(runId)
    if (!record) throw unknownRun(runId)
    return record
  }

  /** Stops the run: its whole process group, or its wait for confirmation. */
  cancel(runId: number): void {
    this.active(runId).cancel()
  }

  /** Activates a run that waits in 'awaiting-confirmation'. */
  confirm(runId: number): void {
    this.active(runId).confirm()
  }

  /** Ends a run that waits in 'awaiting-confirmation' without activating it. */
  decline(runId: number): void {
    this.active(runId).decline()
  }

  /** Keystrokes for the running command (a sudo password). */
  write(runId: number, data: string): void {
    this.active(runId).write(data)
  }

  /** A run that has ended has no terminal to size: a late resize of its view is no error. */
  resize(runId: number, cols: number, rows: number): void {
    if (this.runs.has(runId)) this.active(runId).resize(cols, rows)
    else if (!this.store.get(runId)) throw unknownRun(runId)
  }

  /**
   * One window's terminal feed: the run's output after `from` (see ActiveRun.feed), waiting up
   * to `waitMs` for some. A run that ended longer ago has nothing more to send.
   */
  async feed(runId: number, from: number, fromLine: number, waitMs: number): Promise<RunFeedChunk> {
    const run = this.runs.get(runId) ?? this.finishedRuns.find((r) => r.id === runId)
    if (run) return run.feed(from, fromLine, waitMs)
    if (!this.store.get(runId)) throw unknownRun(runId)
    return { data: '', next: from, nextLine: fromLine, skippedLines: 0, ended: true }
  }

  /** Lines of a run's log (running or finished), for the log view. */
  log(runId: number, from: number, count: number): LogPage & { running: boolean } {
    const { log, running } = this.logOf(runId)
    return { ...log.lines(from, count), running }
  }

  /** Lines of a run's log that contain `query` (case-insensitive), from line `from` on. */
  searchLog(
    runId: number,
    query: string,
    from: number,
    limit: number,
  ): { matches: LogLine[]; more: boolean } {
    return this.logOf(runId).log.search(query, from, limit)
  }

  /** Runs in progress. */
  running(): ActiveRunInfo[] {
    return [...this.runs.values()].map(runInfo)
  }

  /**
   * The repo's running rebuilds with what a window attaching to them needs: the plan, and the
   * output so far to replay before the events that follow.
   */
  attach(repo: string): AttachedRun[] {
    const path = resolve(repo)
    return [...this.runs.values()]
      .filter((run) => run.repo === path)
      .map((run) => {
        const replay = run.outputSoFar()
        return {
          ...runInfo(run),
          plan: run.plan,
          output: replay.data,
          outputNext: replay.next,
          outputNextLine: replay.nextLine,
          outputSkippedLines: replay.skippedLines,
        }
      })
  }

  get(runId: number): RebuildRun | null {
    return this.store.get(runId)
  }

  /** Past and present runs, newest first. */
  list(options: { repo?: string; limit?: number } = {}): RebuildRun[] {
    return this.store.list(
      options.repo === undefined ? options : { ...options, repo: resolve(options.repo) },
    )
  }

  /** A finished run's stored terminal output. */
  output(runId: number): string | null {
    return this.store.output(runId)
  }

  /** Cancels every run and waits for them to be recorded (on quit), at most disposeWaitMs. */
  async dispose(): Promise<void> {
    const runs = [...this.runs.values()]
    for (const run of runs) run.cancel()
    let timer: ReturnType<typeof setTimeout> | undefined
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.disposeWaitMs ?? disposeWaitMs)
    })
    await Promise.race([Promise.all(runs.map((run) => run.finished)), waited])
    clearTimeout(timer)
  }

  /**
   * Records the run, starts it, and makes it the repo's run until it ends. What the run was made
   * from is known (`snapshot`), or read by `readSnapshot` once its first command has started.
   */
  private launch(
    setup: Omit<RunSetup, 'id'>,
    nixPath: string | null,
    snapshot: RepoSnapshot | (() => Promise<RepoSnapshot>),
  ): number {
    const { input, repo, plan } = setup
    const known = typeof snapshot === 'function' ? null : snapshot
    const id = this.store.insert({
      repo,
      host: input.host,
      action: input.action,
      mode: input.mode,
      commands: plan.steps.map((s) => s.argv),
      startedAt: this.now(),
      ...(known ?? { gitCommit: null, gitDirty: null, flakeLockSha256: null }),
    })
    // snapshotRepo never rejects (each piece it cannot read is null); a record that cannot be
    // updated keeps its nulls, as one whose pieces could not be read.
    const recordOrigin =
      typeof snapshot === 'function'
        ? () =>
            snapshot().then((value) => {
              try {
                this.store.setSnapshot(id, value)
              } catch {
                // The database is gone or full; the run goes on.
              }
            })
        : undefined
    const run = new ActiveRun(
      { id, ...setup, ...(recordOrigin ? { recordOrigin } : {}) },
      {
        pty: this.deps.pty,
        nix: this.deps.nix,
        store: this.store,
        emit: this.deps.emit,
        now: this.now,
        env: this.options.env ?? {},
        nixPath,
        progressIntervalMs: this.options.progressIntervalMs ?? 250,
        outputCap: this.options.outputCap ?? defaultLogCap,
      },
    )
    // The window's terminal size, before the first command starts.
    if (input.terminal) run.resize(input.terminal.cols, input.terminal.rows)
    this.runs.set(id, run)
    this.busyRepos.set(repo, run)
    void run.finished.then(() => {
      this.runs.delete(id)
      this.finishedRuns.push(run)
      if (this.finishedRuns.length > keptFinishedRuns) this.finishedRuns.shift()
      if (this.busyRepos.get(repo) === run) this.busyRepos.delete(repo)
    })
    run.begin()
    return id
  }

  private claim(repo: string): void {
    if (!this.busyRepos.has(repo)) {
      this.busyRepos.set(repo, null)
      return
    }
    const run = this.busyRepos.get(repo)
    const what = run ? ` (run ${run.id}: ${run.input.action} of ${run.input.host})` : ''
    throw new AppError('unavailable', `A rebuild of ${repo} is already running${what}.`, {
      hint: 'Wait for it to finish, or cancel it, then start again.',
    })
  }

  /** The log of a run: in memory while it runs and shortly after, else as stored. */
  private logOf(runId: number): { log: RunLog; running: boolean } {
    const active = this.runs.get(runId)
    if (active) return { log: active.log, running: true }
    const finished = this.finishedRuns.find((r) => r.id === runId)
    if (finished) return { log: finished.log, running: false }
    if (this.storedLog?.runId !== runId) {
      if (!this.store.get(runId)) throw unknownRun(runId)
      const log = new RunLog(Number.MAX_SAFE_INTEGER)
      log.append(this.store.output(runId) ?? '')
      this.storedLog = { runId, log }
    }
    return { log: this.storedLog.log, running: false }
  }

  private active(runId: number): ActiveRun {
    const run = this.runs.get(runId)
    if (run) return run
    if (this.store.get(runId)) {
      throw new AppError('bad-request', `Rebuild ${runId} has already finished.`)
    }
    throw unknownRun(runId)
  }
}

/** What is said of a run in progress: the list of running rebuilds and each attach start so. */
function runInfo(run: ActiveRun): ActiveRunInfo {
  return {
    runId: run.id,
    repo: run.repo,
    host: run.input.host,
    action: run.input.action,
    state: run.state,
    progress: run.progress,
  }
}

function unknownRun(runId: number): AppError {
  return new AppError('not-found', `There is no rebuild ${runId}.`)
}
