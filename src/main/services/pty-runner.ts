// The one place that starts programs in a pseudo-terminal, for commands a person may have to
// answer (sudo's password prompt). Like process-runner: argument arrays only, never a shell
// string. node-pty starts the program in a new session, so it leads its own process group and
// kill ends the whole group. The programs run in the pty host, a worker thread that reads them as
// fast as they write (pty-host/): the program never waits for this thread nor for any consumer
// (a rebuild keeps the output in a log that each window reads at its own pace, see
// rebuild/run-log.ts). Output comes here in batches (every 16 ms or 200 KB).
import { AppError } from '../../shared/app-error'
import { findOnPathNow } from './path-lookup'
import { PtyHost } from './pty-host/pty-host'
import { signalGroup } from './process-group'
import { describeCommand } from './process-runner'
import { messageOf } from '../../shared/errors'

export interface PtyRunOptions {
  cwd?: string
  /** Added to the runner's base environment. */
  env?: Record<string, string | undefined>
  cols?: number
  rows?: number
  /** Batched output, in order. */
  onData: (data: string) => void
  signal?: AbortSignal
}

export interface PtyExit {
  exitCode: number
  /** The signal that ended the program, or null. */
  signal: number | null
  /** Whether kill() (or the abort signal) ended it. */
  killed: boolean
  durationMs: number
}

export interface PtyProcess {
  readonly pid: number
  /** Resolves once the program has exited and all of its output has been handed out. */
  readonly exited: Promise<PtyExit>
  /** Keystrokes for the program (a password, "y\r"); false when it has ended and they went nowhere. */
  write(data: string): boolean
  resize(cols: number, rows: number): void
  /** SIGTERM to the whole process group, then SIGKILL if it is still there after a grace time. */
  kill(): void
}

export interface PtyRunner {
  spawn(command: string, args: readonly string[], options: PtyRunOptions): Promise<PtyProcess>
  /**
   * Gets the pty host ready in the background (about 30 ms: a thread, node-pty), for a window
   * that is about to run something, so the first command does not wait for it.
   */
  warm(): void
  readonly baseEnv: Readonly<Record<string, string | undefined>>
}

export interface PtyRunnerOptions {
  batchMs?: number
  batchChars?: number
  /** Time between SIGTERM and SIGKILL; nix uses it to stop its builders. */
  killGraceMs?: number
}

export const ptyDefaults = {
  batchMs: 16,
  batchChars: 200 * 1024,
  killGraceMs: 5_000,
} as const

/** Environment for programs a person watches: colours are welcome, pagers are not. */
export const terminalEnv = {
  TERM: 'xterm-256color',
  COLORTERM: 'truecolor',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
} as const satisfies Readonly<Record<string, string>>

/** One host for every runner: the worker starts once, when first needed. */
let sharedHost: PtyHost | null = null
const host = (): PtyHost => (sharedHost ??= new PtyHost())

export function createPtyRunner(
  baseEnv: Readonly<Record<string, string | undefined>> = process.env,
  runnerOptions: PtyRunnerOptions = {},
): PtyRunner {
  const settings = { ...ptyDefaults, ...runnerOptions }

  async function spawn(
    command: string,
    args: readonly string[],
    options: PtyRunOptions,
  ): Promise<PtyProcess> {
    const merged: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...baseEnv, ...terminalEnv, ...options.env })) {
      if (value !== undefined) merged[key] = value
    }
    const program = findOnPathNow(command, merged.PATH)
    if (!program) {
      throw new AppError('not-found', `The program "${command}" was not found.`, {
        hint: `Install ${command} or add it to PATH, then try again.`,
      })
    }
    if (options.signal?.aborted) {
      throw new AppError('cancelled', `Cancelled before ${command} started.`)
    }
    const session = new PtySession(host(), options, settings)
    try {
      const { id, pid } = await host().spawn(
        {
          program,
          args: [...args],
          ...(options.cwd ? { cwd: options.cwd } : {}),
          env: merged,
          name: merged.TERM ?? terminalEnv.TERM,
          cols: options.cols ?? 120,
          rows: options.rows ?? 30,
          batchMs: settings.batchMs,
          batchChars: settings.batchChars,
        },
        session,
      )
      session.started(id, pid)
    } catch (error) {
      const reason = messageOf(error)
      throw new AppError('command-failed', `Could not start ${command}: ${reason}`, {
        details: describeCommand(command, args),
      })
    }
    return session
  }

  return { baseEnv, spawn, warm: () => host().warm() }
}

class PtySession implements PtyProcess {
  pid = 0
  readonly exited: Promise<PtyExit>
  private id = 0
  private readonly began = Date.now()
  private killed = false
  private done = false
  private resolveExit: (exit: PtyExit) => void = () => {}
  private readonly onAbort = () => this.kill()

  constructor(
    private readonly host: PtyHost,
    private readonly options: PtyRunOptions,
    private readonly settings: Required<PtyRunnerOptions>,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve))
  }

  started(id: number, pid: number): void {
    this.id = id
    this.pid = pid
    if (this.done) return
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true })
    // Aborted while the host started it.
    if (this.options.signal?.aborted) this.kill()
  }

  onData(data: string): void {
    this.options.onData(data)
  }

  onExit(exitCode: number, signal: number | null): void {
    this.done = true
    this.options.signal?.removeEventListener('abort', this.onAbort)
    this.resolveExit({
      exitCode,
      signal,
      killed: this.killed,
      durationMs: Date.now() - this.began,
    })
  }

  write(data: string): boolean {
    if (this.done) return false
    this.host.write(this.id, data)
    return true
  }

  resize(cols: number, rows: number): void {
    if (this.done) return
    const c = Math.max(1, Math.min(1000, Math.floor(cols)))
    const r = Math.max(1, Math.min(1000, Math.floor(rows)))
    this.host.resize(this.id, c, r)
  }

  kill(): void {
    if (this.done || this.killed || this.pid === 0) return
    this.killed = true
    signalGroup(this.pid, 'SIGTERM')
    const pid = this.pid
    setTimeout(() => {
      // The leader may be gone while others of its group still run.
      signalGroup(pid, 'SIGKILL')
    }, this.settings.killGraceMs).unref()
  }
}
