// One rebuild from start to end: runs the plan's commands one after another in a pty, waits for
// confirmation where the plan says so, reports state, output and progress as events, and writes
// the outcome to the run store.
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
import type { PtyExit, PtyProcess, PtyRunner } from '../pty-runner'
import { describeStepFailure } from './failure-report'
import { OutputTail } from './output-tail'
import { readProfileTarget, readResultLink } from './profile-link'
import { resolveArgv } from './rebuild-command'
import { RebuildStep } from './rebuild-step'
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
  outputCap: number
  flowControl: boolean
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
}

type Outcome = Omit<RunEnd, 'endedAt' | 'commands' | 'output' | 'outputTruncated'>
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
  private seq = 0
  private readonly output: OutputTail
  /** Output handed out but not yet acknowledged, with the pty characters it stands for. */
  private readonly unacked: { text: number; raw: number; pty: PtyProcess | null }[] = []
  private ackCredit = 0
  private readonly commands: string[][] = []
  private toplevel: string | null = null
  private generation: number | null = null
  private cancelRequested = false
  private answer: ((answer: Answer) => void) | null = null
  private size: { cols: number; rows: number } | null = null
  private flowControl: boolean
  private readonly startedAt: number

  constructor(
    private readonly setup: RunSetup,
    private readonly ctx: RunContext,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.output = new OutputTail(ctx.outputCap)
    this.flowControl = ctx.flowControl
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
   * The output so far (the newest part, as it will be stored) and the seq of the next output
   * event: a window that attaches shows this, then the events from that seq on.
   */
  outputSoFar(): { text: string; nextSeq: number; truncated: boolean } {
    return { text: this.output.text(), nextSeq: this.seq, truncated: this.output.truncated }
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

  /** The consumer has processed `chars` characters of the output events. */
  ack(chars: number): void {
    if (!Number.isFinite(chars) || chars <= 0) return
    this.ackCredit += chars
    while (this.unacked.length > 0 && this.ackCredit > 0) {
      const head = this.unacked[0]!
      if (this.ackCredit >= head.text) {
        this.unacked.shift()
        this.ackCredit -= head.text
        if (head.raw > 0) head.pty?.ack(head.raw)
        continue
      }
      // Part of a batch: release the same share of the pty characters it stands for, so an
      // acknowledgement that never arrives for some text holds back only that much.
      const share = Math.floor((head.raw * this.ackCredit) / head.text)
      if (share > 0) head.pty?.ack(share)
      head.raw -= share
      head.text -= this.ackCredit
      this.ackCredit = 0
    }
    if (this.unacked.length === 0) this.ackCredit = 0
  }

  /** Off: output is no longer held back for the consumer (no one is watching). */
  setFlowControl(enabled: boolean): void {
    this.flowControl = enabled
    this.step?.pty.setFlowControl(enabled)
    if (!enabled) this.ack(Number.MAX_SAFE_INTEGER)
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
    this.finish(outcome)
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
      const exit = await this.runStep(planned, argv)
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

  private async runStep(planned: PlannedStep, argv: string[]): Promise<PtyExit> {
    this.commands.push(argv)
    // A build whose log is not nix's JSON cannot tell evaluating from building.
    const unstructuredBuild = !planned.structuredLog && phaseOfStep[planned.kind] === 'evaluating'
    this.setPhase(unstructuredBuild ? 'building' : phaseOfStep[planned.kind], argv)
    const gap = this.seq > 0 ? '\r\n' : ''
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
      flowControl: this.flowControl,
      now: this.ctx.now,
      onText: (text, raw) => this.stepOutput(text, raw),
      onProgress: () => this.progressChanged(),
    })
    if (this.cancelRequested) this.step.pty.kill()
    const exit = await this.step.exited()
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

  private finish(outcome: Outcome): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    this.step = null
    const endedAt = this.ctx.now()
    const end: RunEnd = {
      ...outcome,
      endedAt,
      commands: this.commands,
      output: this.output.text(),
      outputTruncated: this.output.truncated,
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
    this.stepOutput(text, 0)
  }

  private stepOutput(text: string, raw: number): void {
    const pty = this.step?.pty ?? null
    if (text === '') {
      if (raw > 0) pty?.ack(raw)
      return
    }
    this.output.append(text)
    if (this.flowControl) this.unacked.push({ text: text.length, raw, pty })
    else if (raw > 0) pty?.ack(raw)
    this.emit({
      name: 'rebuild.output',
      payload: { runId: this.id, data: text, seq: this.seq++ },
    })
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
