// One rebuild from start to end: runs the plan's commands one after another in a pty, waits for
// confirmation where the plan says so, reports state and progress as events, keeps the output in
// its log (which windows read at their own pace: nix never waits for them), and writes the
// outcome to the run store.
// (About 500 lines: the commands of one run, the dry activation and the confirmation between
// them, cancel, input and the state they report are one sequence over the run's state; its
// feed, outcome and record, what a command tells, the dry activation's reading and the pacing
// of progress are modules of their own.)
import { rmSync } from 'node:fs'
import { emptyProgress } from '../../../shared/rebuild/progress'
import type {
  DryActivation,
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
import { DryActivationOutput } from './dry-activation'
import { describeStepFailure } from './failure-report'
import { ProgressPacer } from './progress-pacer'
import { readProfileTarget } from './profile-link'
import { resolveArgv } from './rebuild-command'
import { RebuildStep } from './rebuild-step'
import { isExecutableNow } from '../path-lookup'
import { programOf, readStepResult } from './step-result'
import { RunFeed, type RunFeedChunk } from './run-feed'
import type { FeedChunk, RunLog } from './run-log'
import {
  cancelledOutcome,
  declinedText,
  failedOutcome,
  recordEnd,
  succeededOutcome,
  successText,
  type Outcome,
} from './run-outcome'
import type { RunStore } from './run-store'

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
  /**
   * The profile's system as the run begins, when it was read (and an old result link removed)
   * before: then nothing is awaited between the run's first event and its first command.
   */
  profileBefore?: string | null
  /**
   * Reads what the run was made from into its record. Called once the first command has started
   * (the reading must not delay it), or at the end when none did; the end is written after it.
   */
  recordOrigin?: () => Promise<void>
}

type Answer = 'confirm' | 'decline' | 'cancel'

const phaseOfStep: Record<PlannedStep['kind'], RebuildPhase> = {
  rebuild: 'evaluating',
  build: 'evaluating',
  'dry-activate': 'checking-activation',
  'set-profile': 'setting-profile',
  activate: 'activating',
}

export class ActiveRun {
  readonly finished: Promise<RebuildRun>
  private resolveFinished!: (run: RebuildRun) => void
  private stateValue: RebuildState
  private step: RebuildStep | null = null
  private lastProgress: RebuildProgress = emptyProgress()
  private readonly progressEvents: ProgressPacer
  private readonly output: RunFeed
  private readonly commands: string[][] = []
  private toplevel: string | null = null
  private generation: number | null = null
  private cancelRequested = false
  private answer: ((answer: Answer) => void) | null = null
  /** The running dry activation's output, read for its answer. */
  private dryOutput: DryActivationOutput | null = null
  private dryActivation: DryActivation | null = null
  private originRecorded: Promise<void> | undefined
  private size: { cols: number; rows: number } | null = null
  private readonly startedAt: number

  constructor(
    private readonly setup: RunSetup,
    private readonly ctx: RunContext,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.output = new RunFeed(ctx.outputCap)
    this.progressEvents = new ProgressPacer(
      () =>
        this.emit({
          name: 'rebuild.progress',
          payload: { runId: this.id, progress: this.progress },
        }),
      ctx.progressIntervalMs,
      ctx.now,
    )
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

  /** The run's output, in memory while it runs and shortly after (the log view's). */
  get log(): RunLog {
    return this.output.log
  }

  /** The output so far for a window that attaches (see RunFeed.outputSoFar). */
  outputSoFar(): FeedChunk {
    return this.output.outputSoFar()
  }

  /**
   * The output after `from` for one window's terminal (see RunFeed.read): each window reads at
   * its own pace, and the command is never held back.
   */
  feed(from: number, fromLine: number, waitMs: number): Promise<RunFeedChunk> {
    return this.output.read(from, fromLine, waitMs)
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
    this.output.rows = rows
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
      outcome = failedOutcome(failure, this.result, null)
    }
    await this.finish(outcome)
  }

  private async runSteps(): Promise<Outcome> {
    const { plan, input, outLink } = this.setup
    // A result left by an earlier run must not pass for this run's (a run that builds nothing
    // leaves it alone).
    let before = this.setup.profileBefore
    if (before === undefined) {
      if (this.setup.toplevel === undefined) rmSync(outLink, { force: true })
      before = readProfileTarget(plan.profilePath).storePath
    }
    let activationSkipped = false
    for (let index = 0; index < plan.steps.length; index++) {
      const planned = plan.steps[index]!
      if (this.cancelRequested) return cancelledOutcome('Cancelled.', this.result)
      if (index === plan.confirmBeforeStep) {
        const answer = await this.awaitConfirmation()
        if (answer === 'decline') {
          this.print('\r\nNot activated: the new configuration was declined.\r\n')
          return cancelledOutcome(declinedText, this.result)
        }
        if (answer === 'cancel')
          return cancelledOutcome('Cancelled before activation.', this.result)
      }
      if (planned.kind === 'dry-activate') {
        const exit = await this.dryActivate(planned)
        if (exit && (exit.killed || this.cancelRequested))
          return cancelledOutcome('Cancelled.', this.result, exit)
        continue
      }
      const argv = resolveArgv(planned.argv, this.toplevel)
      if (planned.optional && !isExecutableNow(programOf(argv))) {
        this.print(`\r\n${programOf(argv)} does not exist; there is nothing to activate.\r\n`)
        activationSkipped = true
        continue
      }
      const exit = await this.runStep(planned, argv, index === plan.steps.length - 1)
      if (exit.killed || this.cancelRequested)
        return cancelledOutcome('Cancelled.', this.result, exit)
      if (exit.exitCode !== 0 || exit.signal !== null) {
        const failure = await describeStepFailure({
          step: this.step!,
          kind: planned.kind,
          exit,
          command: argv[0] === 'sudo' ? (argv[1] ?? 'sudo') : argv[0]!,
          repo: this.setup.repo,
          nix: this.ctx.nix,
        })
        return failedOutcome(failure, this.result, exit)
      }
      const result = readStepResult(this.setup, planned, index, before, {
        toplevel: this.toplevel,
        generation: this.generation,
      })
      this.toplevel = result.toplevel
      this.generation = result.generation
    }
    const statusText = activationSkipped
      ? 'Built; the system has no switch-to-configuration, so nothing was activated.'
      : (this.setup.statusText ??
        successText[input.action] +
          (this.generation !== null ? ` Generation ${this.generation}.` : ''))
    return succeededOutcome(statusText, this.result)
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
      onText: (text) => this.received(text),
      onProgress: () => this.progressChanged(),
    })
    void this.recordOrigin()
    if (this.cancelRequested) this.step.pty.kill()
    const exit = await this.step.exited()
    // A dry activation that fails does not end the run (see dryActivate).
    const failed =
      exit.killed ||
      (planned.kind !== 'dry-activate' && (exit.exitCode !== 0 || exit.signal !== null))
    // After the last command the run ends next: windows get its last lines with the end.
    this.output.commandExited(last || failed || this.cancelRequested)
    if (this.step.structured) {
      this.lastProgress = this.step.tracker.snapshot()
      this.progressEvents.flush()
    }
    return exit
  }

  /**
   * Asks the built system's switch-to-configuration which services activating it would stop,
   * restart, start or reload, in the run's terminal (sudo may ask there). Whatever goes wrong
   * only leaves the answer unknown, with the reason: the switch never depends on it. Returns
   * the command's exit, or null when it could not be run.
   */
  private async dryActivate(planned: PlannedStep): Promise<PtyExit | null> {
    const unknown = (reason: string) => {
      this.dryActivation = { status: 'unknown', reason }
      this.print(`\r\nWhich services a switch would restart is not known: ${reason}\r\n`)
    }
    if (!this.toplevel) {
      unknown('the built system was not found (no result link), so it could not be asked.')
      return null
    }
    const argv = resolveArgv(planned.argv, this.toplevel)
    if (!isExecutableNow(programOf(argv))) {
      unknown(`the new system has no ${programOf(argv)}.`)
      return null
    }
    this.dryOutput = new DryActivationOutput()
    let exit: PtyExit
    try {
      exit = await this.runStep(planned, argv, false)
    } catch (error) {
      this.dryOutput = null
      unknown(`it could not be run: ${error instanceof AppError ? error.message : String(error)}`)
      return null
    }
    const answer = this.dryOutput.result(exit)
    this.dryOutput = null
    if (answer.status === 'known') this.dryActivation = answer
    else if (!exit.killed && !this.cancelRequested) unknown(answer.reason)
    return exit
  }

  private async awaitConfirmation(): Promise<Answer> {
    const current = readProfileTarget(this.setup.plan.profilePath)
    this.stateValue = {
      phase: 'awaiting-confirmation',
      since: this.ctx.now(),
      command: null,
      toplevel: this.toplevel,
      currentToplevel: current.storePath,
      ...(this.plan.steps.some((s) => s.kind === 'dry-activate')
        ? { dryActivation: this.dryActivation }
        : {}),
    }
    this.emitState()
    if (this.cancelRequested) return 'cancel'
    const answer = await new Promise<Answer>((resolve) => (this.answer = resolve))
    this.answer = null
    return answer
  }

  /** What the run was made from, read once (see RunSetup.recordOrigin). */
  private recordOrigin(): Promise<void> | undefined {
    this.originRecorded ??= this.setup.recordOrigin?.()
    return this.originRecorded
  }

  /** What the run has made so far, for its outcome. */
  private get result() {
    return { storePath: this.toplevel, generation: this.generation }
  }

  private async finish(outcome: Outcome): Promise<void> {
    this.progressEvents.stop()
    this.step = null
    this.output.end()
    const run = await recordEnd(
      this.ctx.store,
      { ...this.setup, startedAt: this.startedAt, recorded: this.recordOrigin() },
      { ...outcome, commands: this.commands },
      this.log,
      this.ctx.now,
    )
    this.stateValue = {
      ...this.stateValue,
      phase: 'finished',
      since: run.endedAt ?? this.ctx.now(),
      command: null,
    }
    this.emitState()
    this.emit({ name: 'rebuild.finished', payload: { runId: this.id, run } })
    this.resolveFinished(run)
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
    this.received(text)
  }

  private received(text: string): void {
    if (text === '') return
    this.output.append(text)
    this.dryOutput?.push(text)
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
    this.progressEvents.changed()
  }
}
