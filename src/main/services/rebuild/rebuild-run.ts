// One rebuild from start to end: runs the plan's commands one after another in a pty, waits for
// confirmation where the plan says so, reports state and progress as events, keeps the output in
// its log (which windows read at their own pace: nix never waits for them), and writes the
// outcome to the run store.
import { access, constants, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { emptyProgress } from '../../../shared/rebuild/progress'
import type {
  PlannedStep,
  RebuildEvent,
  RebuildFailure,
  RebuildPhase,
  RebuildPlan,
  RebuildProgress,
  RebuildRun,
  RebuildStartInput,
  RebuildState,
} from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import type { NixService } from '../nix'
import { describeCommand } from '../process-runner'
import type { PtyExit, PtyRunner } from '../pty-runner'
import { describeStepFailure } from './failure-report'
import { compressPieces } from './output-tail'
import { readProfileTarget, readResultLink } from './profile-link'
import { resolveArgv } from './rebuild-command'
import { RebuildStep } from './rebuild-step'
import { RunLog, type FeedChunk } from './run-log'
import type { RunEnd, RunStore } from './run-store'

export type RebuildEmit = (event: RebuildEvent) => void

export interface RunContext {
  pty: PtyRunner
  nix: NixService
  store: RunStore
  emit: RebuildEmit
  now: () => number
  /** Added to every command's environment. */
  env: Record<string, string | undefined>
  /** Where nix is (profile mode runs it by path); null to look it up on PATH. */
  nixPath: string | null
  progressIntervalMs: number
  /** Characters of output kept in memory and stored (the newest). */
  outputCap: number
}

/**
 * What a window's terminal is sent at once: a reader further behind than this skips to the
 * newest lines (about feedTailChars), which is what a terminal can show anyway.
 */
export const feedAllowanceChars = 64 * 1024
export const feedTailChars = 16 * 1024
/**
 * A reader that will skip (it is more than feedAllowanceChars behind) is answered after this
 * pause, unless a command ends meanwhile: it gets the newest lines anyway, and a window that
 * draws a blur of lines ten times a second instead of 25 takes less CPU from the build.
 */
export const skipPaceMs = 100
/**
 * Longest a read waits for the run's end once its last command has exited (describing a failure
 * can ask nix for a while): then the last lines go without it.
 */
export const endWaitMs = 1000
/** The same for a window that attaches mid-run: the output so far up to 4 MiB, else its tail. */
export const replayAllowanceChars = 4 * 1024 * 1024
export const replayTailChars = 128 * 1024

export interface RunFeedChunk extends FeedChunk {
  /** The run has ended and `next` is the end of its output: nothing more will come. */
  ended: boolean
}

export interface RunSetup {
  id: number
  input: RebuildStartInput
  /** The repo's path as resolved. */
  repo: string
  plan: RebuildPlan
  /** The run's working directory; nix build's result link and nixos-rebuild's ./result go here. */
  workDir: string
  outLink: string
  /** The system, when it is known before the run (switching to an existing generation). */
  toplevel?: string
  /** What the run says when it succeeds, instead of the action's usual sentence. */
  statusText?: string
  /** Resolves once what the run was made from is in its record; the end is written after it. */
  recorded?: Promise<void>
}

type Outcome = Omit<RunEnd, 'endedAt' | 'commands' | 'compressedOutput' | 'outputTruncated'>
type Answer = 'confirm' | 'decline' | 'cancel'

const phaseOfStep: Record<PlannedStep['kind'], RebuildPhase> = {
  rebuild: 'evaluating',
  build: 'evaluating',
  'set-profile': 'setting-profile',
  activate: 'activating',
}

/** What each action achieved, for the run's status text. */
const successText: Record<RebuildStartInput['action'], string> = {
  switch: 'Switched to the new configuration.',
  boot: 'The new configuration will be used at the next boot.',
  test: 'Activated the new configuration for testing (the boot default is unchanged).',
  build: 'Built.',
  'dry-build': 'Dry run finished; nothing was built.',
}

export class ActiveRun {
  readonly finished: Promise<RebuildRun>
  private resolveFinished!: (run: RebuildRun) => void
  private stateValue: RebuildState
  private step: RebuildStep | null = null
  private lastProgress: RebuildProgress = emptyProgress()
  private progressTimer: NodeJS.Timeout | null = null
  private lastProgressAt = 0
  readonly log: RunLog
  /** All output is in the log: the commands have ended. */
  private outputEnded = false
  /** Feed readers waiting for more output. */
  private readonly waiting = new Set<() => void>()
  /** Feed readers far behind, pausing until a command ends (or skipPaceMs). */
  private readonly pacing = new Set<() => void>()
  /**
   * The run's last command has exited: no more output comes from nix, only the run's end
   * (and perhaps a note of Flakedeck's), a few milliseconds later as a rule.
   */
  private commandsDone = false
  /** Feed readers waiting for the run's end once its last command has exited. */
  private readonly ending = new Set<() => void>()
  private readonly commands: string[][] = []
  private toplevel: string | null = null
  private generation: number | null = null
  private cancelRequested = false
  private answer: ((answer: Answer) => void) | null = null
  private size: { cols: number; rows: number } | null = null
  private readonly startedAt: number

  constructor(
    private readonly setup: RunSetup,
    private readonly ctx: RunContext,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.log = new RunLog(ctx.outputCap)
    this.startedAt = ctx.now()
    this.toplevel = setup.toplevel ?? null
    this.stateValue = {
      phase: 'starting',
      since: ctx.now(),
      command: null,
      toplevel: this.toplevel,
      currentToplevel: null,
    }
  }

  get id(): number {
    return this.setup.id
  }

  get repo(): string {
    return this.setup.repo
  }

  get input(): RebuildStartInput {
    return this.setup.input
  }

  get state(): RebuildState {
    return { ...this.stateValue }
  }

  get plan(): RebuildPlan {
    return this.setup.plan
  }

  /**
   * The output so far for a window that attaches (its newest part when it is long, with the
   * lines left out counted); it reads on from `next` with feed().
   */
  outputSoFar(): FeedChunk {
    return this.log.readFeed(0, 0, replayAllowanceChars, replayTailChars)
  }

  /**
   * The output after `from` for one window's terminal (`fromLine`: the newlines before `from`,
   * as the last chunk said). Waits up to `waitMs` for some when there is none yet, so a prompt
   * reaches the window as soon as it is printed; a window that has fallen behind gets the
   * newest lines and how many it skipped. Each window reads at its own pace: the command is
   * never held back.
   */
  async feed(from: number, fromLine: number, waitMs: number): Promise<RunFeedChunk> {
    if (this.commandsDone && !this.outputEnded && waitMs > 0) {
      // The last lines and the end in one answer: the window draws its tail once, and knows
      // at once that nothing more comes.
      await pause(this.ending, Math.min(waitMs, endWaitMs))
    } else if (from >= this.log.end && !this.outputEnded && waitMs > 0) {
      await pause(this.waiting, waitMs)
    } else if (this.log.end - from > feedAllowanceChars && !this.outputEnded && waitMs > 0) {
      await pause(this.pacing, Math.min(waitMs, skipPaceMs))
    }
    const chunk = this.log.readFeed(from, fromLine, feedAllowanceChars, feedTailChars)
    return { ...chunk, ended: this.outputEnded && chunk.next >= this.log.end }
  }

  /** The progress of the running nix command, or of the last one (later steps have none). */
  get progress(): RebuildProgress {
    return this.step?.structured ? this.step.tracker.snapshot() : this.lastProgress
  }

  /** Starts the run in the background; `finished` resolves with its record. */
  begin(): void {
    this.emitState()
    void this.execute()
  }

  cancel(): void {
    this.cancelRequested = true
    this.answer?.('cancel')
    this.step?.pty.kill()
  }

  confirm(): void {
    this.respond('confirm')
  }

  decline(): void {
    this.respond('decline')
  }

  /**
   * Keystrokes for the running command. Refused, never dropped, when no command is running (the
   * run waits for confirmation, or is between commands): the user must learn that a password
   * typed then went nowhere.
   */
  write(data: string): void {
    if (this.step?.pty.write(data)) return
    const waiting = this.stateValue.phase === 'awaiting-confirmation'
    throw new AppError(
      'conflict',
      `What you typed did not reach rebuild ${this.id}: ${waiting ? 'it is waiting for you to activate or decline the new configuration' : 'no command of it is running at this moment'}.`,
      { hint: 'Nothing was sent. Type it again when the command asks for it.' },
    )
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows }
    this.step?.pty.resize(cols, rows)
  }

  private respond(answer: Answer): void {
    if (!this.answer) {
      throw new AppError('bad-request', `Rebuild ${this.id} is not waiting for confirmation.`)
    }
    this.answer(answer)
  }

  private async execute(): Promise<void> {
    let outcome: Outcome
    try {
      outcome = await this.runSteps()
    } catch (error) {
      // A command that could not start, a build that left no result: the run still ends.
      const message = error instanceof AppError ? error.message : String(error)
      this.print(`\r\n${message}\r\n`)
      const failure: RebuildFailure = {
        kind: 'command',
        message,
        failedDerivations: [],
        diagnostics: [],
      }
      outcome = this.failedOutcome(failure, null)
    }
    await this.finish(outcome)
  }

  private async runSteps(): Promise<Outcome> {
    const { plan, input, outLink } = this.setup
    // A result left by an earlier run must not pass for this run's (a run that builds nothing
    // leaves it alone).
    if (this.setup.toplevel === undefined) await rm(outLink, { force: true })
    const before = await readProfileTarget(plan.profilePath)
    let activationSkipped = false
    for (let index = 0; index < plan.steps.length; index++) {
      const planned = plan.steps[index]!
      if (this.cancelRequested) return this.cancelledOutcome('Cancelled.')
      if (index === plan.confirmBeforeStep) {
        const answer = await this.awaitConfirmation()
        if (answer === 'decline') {
          this.print('\r\nNot activated: the new configuration was declined.\r\n')
          return this.cancelledOutcome('Built, not activated.')
        }
        if (answer === 'cancel') return this.cancelledOutcome('Cancelled before activation.')
      }
      const argv = resolveArgv(planned.argv, this.toplevel)
      if (planned.optional && !(await isExecutable(programOf(argv)))) {
        this.print(`\r\n${programOf(argv)} does not exist; there is nothing to activate.\r\n`)
        activationSkipped = true
        continue
      }
      const exit = await this.runStep(planned, argv, index === plan.steps.length - 1)
      if (exit.killed || this.cancelRequested) return this.cancelledOutcome('Cancelled.', exit)
      if (exit.exitCode !== 0 || exit.signal !== null) {
        const failure = await describeStepFailure({
          step: this.step!,
          kind: planned.kind,
          exit,
          command: argv[0] === 'sudo' ? (argv[1] ?? 'sudo') : argv[0]!,
          repo: this.setup.repo,
          nix: this.ctx.nix,
        })
        return this.failedOutcome(failure, exit)
      }
      await this.afterStep(planned, index, before.storePath)
    }
    const statusText = activationSkipped
      ? 'Built; the system has no switch-to-configuration, so nothing was activated.'
      : (this.setup.statusText ??
        successText[input.action] +
          (this.generation !== null ? ` Generation ${this.generation}.` : ''))
    return {
      status: 'succeeded',
      statusText,
      exitCode: 0,
      storePath: this.toplevel,
      generation: this.generation,
      failure: null,
    }
  }

  private async runStep(planned: PlannedStep, argv: string[], last: boolean): Promise<PtyExit> {
    this.commands.push(argv)
    // A build whose log is not nix's JSON cannot tell evaluating from building.
    const unstructuredBuild = !planned.structuredLog && phaseOfStep[planned.kind] === 'evaluating'
    this.setPhase(unstructuredBuild ? 'building' : phaseOfStep[planned.kind], argv)
    const gap = this.log.end > 0 ? '\r\n' : ''
    this.print(`${gap}\u001b[1m$ ${describeCommand(argv[0]!, argv.slice(1))}\u001b[0m\r\n`)
    const program = argv[0] === 'nix' && this.ctx.nixPath ? this.ctx.nixPath : argv[0]!
    this.step = await RebuildStep.start({
      pty: this.ctx.pty,
      program,
      args: argv.slice(1),
      structuredLog: planned.structuredLog,
      cwd: this.setup.workDir,
      env: this.ctx.env,
      ...(this.size ?? {}),
      now: this.ctx.now,
      onText: (text) => this.output(text),
      onProgress: () => this.progressChanged(),
    })
    if (this.cancelRequested) this.step.pty.kill()
    const exit = await this.step.exited()
    const failed = exit.killed || exit.exitCode !== 0 || exit.signal !== null
    if (last || failed || this.cancelRequested) {
      // The run ends next: windows pacing their reads get the last lines with the end.
      this.commandsDone = true
    } else {
      // Another command follows (perhaps after a confirmation): the last lines now.
      for (const wake of [...this.pacing]) wake()
    }
    if (this.step.structured) {
      this.lastProgress = this.step.tracker.snapshot()
      this.emitProgress()
    }
    return exit
  }

  /** What a finished step tells: the built toplevel, the new generation. */
  private async afterStep(planned: PlannedStep, index: number, before: string | null) {
    const { input, plan, workDir, outLink } = this.setup
    if (planned.kind === 'build' && input.action !== 'dry-build') {
      this.toplevel = await readResultLink(outLink)
      if (!this.toplevel) {
        throw new AppError('command-failed', `nix build finished but left no result at ${outLink}.`)
      }
    } else if (planned.kind === 'rebuild') {
      const buildOnly =
        (plan.confirmBeforeStep !== null && index < plan.confirmBeforeStep) ||
        input.action === 'build'
      if (buildOnly) {
        this.toplevel = await readResultLink(join(workDir, 'result'))
      } else if (input.action === 'switch' || input.action === 'boot') {
        // The profile names the new system, if it moved; a profile that did not (the same
        // configuration again, or --target-host) is not taken for it.
        const after = await readProfileTarget(plan.profilePath)
        if (!this.toplevel && after.storePath !== before) this.toplevel = after.storePath
        if (this.toplevel && after.storePath === this.toplevel) this.generation = after.generation
      }
    } else if (planned.kind === 'set-profile') {
      const after = await readProfileTarget(plan.profilePath)
      this.generation = after.storePath === this.toplevel ? after.generation : null
    }
  }

  private async awaitConfirmation(): Promise<Answer> {
    const current = await readProfileTarget(this.setup.plan.profilePath)
    this.stateValue = {
      phase: 'awaiting-confirmation',
      since: this.ctx.now(),
      command: null,
      toplevel: this.toplevel,
      currentToplevel: current.storePath,
    }
    this.emitState()
    if (this.cancelRequested) return 'cancel'
    const answer = await new Promise<Answer>((resolve) => (this.answer = resolve))
    this.answer = null
    return answer
  }

  private cancelledOutcome(statusText: string, exit?: PtyExit): Outcome {
    const failure: RebuildFailure = {
      kind: 'cancelled',
      message: statusText,
      failedDerivations: [],
      diagnostics: [],
    }
    const declined = statusText === 'Built, not activated.'
    return {
      status: 'cancelled',
      statusText,
      exitCode: exit ? exit.exitCode : null,
      storePath: this.toplevel,
      generation: this.generation,
      failure: declined ? null : failure,
    }
  }

  private failedOutcome(failure: RebuildFailure, exit: PtyExit | null): Outcome {
    return {
      status: 'failed',
      statusText: failure.message,
      exitCode: exit ? exit.exitCode : null,
      storePath: this.toplevel,
      generation: this.generation,
      failure,
    }
  }

  private async finish(outcome: Outcome): Promise<void> {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    this.step = null
    this.outputEnded = true
    for (const wake of [...this.waiting, ...this.pacing, ...this.ending]) wake()
    const stored = this.log.storedPieces()
    let compressedOutput: Buffer
    try {
      compressedOutput = await compressPieces(stored.pieces)
    } catch {
      compressedOutput = await compressPieces([])
    }
    await this.setup.recorded
    const endedAt = this.ctx.now()
    const end: RunEnd = {
      ...outcome,
      endedAt,
      commands: this.commands,
      compressedOutput,
      outputTruncated: stored.truncated,
    }
    let run: RebuildRun | null = null
    try {
      this.ctx.store.finish(this.id, end)
      run = this.ctx.store.get(this.id)
    } catch {
      // The record could not be written (disk full?); the run has ended all the same.
    }
    run ??= this.recordInMemory(end)
    this.stateValue = { ...this.stateValue, phase: 'finished', since: endedAt, command: null }
    this.emitState()
    this.emit({ name: 'rebuild.finished', payload: { runId: this.id, run } })
    this.resolveFinished(run)
  }

  private recordInMemory(end: RunEnd): RebuildRun {
    const { input, repo } = this.setup
    return {
      id: this.id,
      repo,
      host: input.host,
      action: input.action,
      mode: input.mode,
      commands: end.commands,
      startedAt: this.startedAt,
      endedAt: end.endedAt,
      status: end.status,
      statusText: end.statusText,
      exitCode: end.exitCode,
      gitCommit: null,
      gitDirty: null,
      flakeLockSha256: null,
      storePath: end.storePath,
      generation: end.generation,
      failure: end.failure,
      outputTruncated: end.outputTruncated,
    }
  }

  /** A consumer that throws must not break the run. */
  private emit(event: RebuildEvent): void {
    try {
      this.ctx.emit(event)
    } catch {
      // The consumer's problem; the run goes on.
    }
  }

  // --- output, state and progress events ------------------------------------------------

  /** Text from Flakedeck itself (command lines, notes). */
  private print(text: string): void {
    this.output(text)
  }

  private output(text: string): void {
    if (text === '') return
    this.log.append(text)
    for (const wake of [...this.waiting]) wake()
    // nixos-rebuild's own words for the switch to activating. A switch with nothing left to
    // build never reports a build, so this can come while the phase still says evaluating.
    const phase = this.stateValue.phase
    if (
      (phase === 'evaluating' || phase === 'building') &&
      text.includes('activating the configuration')
    ) {
      this.setPhase('activating', this.stateValue.command)
    }
  }

  private setPhase(phase: RebuildPhase, command: string[] | null): void {
    this.stateValue = { ...this.stateValue, phase, since: this.ctx.now(), command }
    this.emitState()
  }

  private emitState(): void {
    this.emit({
      name: 'rebuild.state',
      payload: {
        runId: this.id,
        repo: this.setup.repo,
        host: this.setup.input.host,
        action: this.setup.input.action,
        state: this.state,
      },
    })
  }

  private progressChanged(): void {
    const step = this.step
    if (step && this.stateValue.phase === 'evaluating' && step.tracker.evaluationDone) {
      this.setPhase('building', this.stateValue.command)
    }
    if (this.progressTimer) return
    const wait = Math.max(0, this.lastProgressAt + this.ctx.progressIntervalMs - this.ctx.now())
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null
      this.emitProgress()
    }, wait)
  }

  private emitProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    this.lastProgressAt = this.ctx.now()
    this.emit({
      name: 'rebuild.progress',
      payload: { runId: this.id, progress: this.progress },
    })
  }
}

/** Waits up to `ms`, or until one of `wakers` is called. */
function pause(wakers: Set<() => void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer)
      wakers.delete(wake)
      resolve()
    }
    const timer = setTimeout(wake, ms)
    wakers.add(wake)
  })
}

/** The program a step runs (after sudo, if any). */
function programOf(argv: readonly string[]): string {
  return (argv[0] === 'sudo' ? argv[1] : argv[0]) ?? ''
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
