// The one place that starts programs in a pseudo-terminal, for commands a person may have to
// answer (sudo's password prompt). Like process-runner: argument arrays only, never a shell
// string. node-pty starts the program in a new session, so it leads its own process group and
// kill ends the whole group. Output goes out in batches (every 16 ms or 200 KB), and the pty is
// paused while more than 100,000 characters wait for the consumer's ack, resumed below 5,000.
//
// Linux and libuv lose a terminal's last output unless we take care (node-pty#726): when the
// program's side of the pty closes, libuv takes a short read for the end although the kernel still
// holds more than one read's worth. So the runner keeps the program's side open itself until
// node-pty has read all: it looks every 10 ms whether the program is gone, and once a read of the
// pty finds nothing more, closes its side, which ends the stream (without that, node-pty ends it
// 200 ms after the exit, a delay every step of a rebuild would pay). A paused terminal is resumed
// as soon as the program is gone, so that nothing is left unread when that happens.
import { closeSync, constants, openSync } from 'node:fs'
import * as pty from 'node-pty'
import { AppError } from '../../shared/app-error'
import { findOnPath } from './path-lookup'
import { describeCommand } from './process-runner'

export interface PtyRunOptions {
  cwd?: string
  /** Added to the runner's base environment. */
  env?: Record<string, string | undefined>
  cols?: number
  rows?: number
  /** Batched output, in order. */
  onData: (data: string) => void
  /** Pause the program while the consumer lags (default true); see ack(). */
  flowControl?: boolean
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
  /** The consumer has processed `chars` more characters of the output. */
  ack(chars: number): void
  /** SIGTERM to the whole process group, then SIGKILL if it is still there after a grace time. */
  kill(): void
  setFlowControl(enabled: boolean): void
  readonly paused: boolean
}

export interface PtyRunner {
  spawn(command: string, args: readonly string[], options: PtyRunOptions): Promise<PtyProcess>
  readonly baseEnv: Readonly<Record<string, string | undefined>>
}

export interface PtyRunnerOptions {
  /** Characters unacknowledged before the program is paused. */
  highWater?: number
  /** Unacknowledged characters below which it resumes. */
  lowWater?: number
  batchMs?: number
  batchChars?: number
  /** Time between SIGTERM and SIGKILL; nix uses it to stop its builders. */
  killGraceMs?: number
}

export const ptyDefaults = {
  highWater: 100_000,
  lowWater: 5_000,
  batchMs: 16,
  batchChars: 200 * 1024,
  killGraceMs: 5_000,
} as const

/** Environment for programs a person watches: colours are welcome, pagers are not. */
export const terminalEnv: Readonly<Record<string, string>> = {
  TERM: 'xterm-256color',
  COLORTERM: 'truecolor',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

/** Opens the program's side of the pty, or null where node-pty does not name it. */
function holdOpen(term: pty.IPty): number | null {
  const name = (term as pty.IPty & { ptsName?: unknown }).ptsName
  if (typeof name !== 'string' || name === '') return null
  try {
    return openSync(name, constants.O_RDWR | constants.O_NOCTTY)
  } catch {
    return null
  }
}

/** How often a runner that holds the program's side of the pty looks whether it has exited. */
const endPollMs = 10

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

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
    const program = await findOnPath(command, merged.PATH)
    if (!program) {
      throw new AppError('not-found', `The program "${command}" was not found.`, {
        hint: `Install ${command} or add it to PATH, then try again.`,
      })
    }
    if (options.signal?.aborted) {
      throw new AppError('cancelled', `Cancelled before ${command} started.`)
    }
    let term: pty.IPty
    try {
      term = pty.spawn(program, [...args], {
        name: merged.TERM ?? terminalEnv.TERM,
        cols: options.cols ?? 120,
        rows: options.rows ?? 30,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        env: merged,
      })
    } catch (error) {
      throw new AppError('command-failed', `Could not start ${command}: ${String(error)}`, {
        details: describeCommand(command, args),
      })
    }
    return new PtySession(term, options, settings)
  }

  return { baseEnv, spawn }
}

class PtySession implements PtyProcess {
  readonly pid: number
  readonly exited: Promise<PtyExit>
  private readonly started = Date.now()
  private batch: string[] = []
  private batchLength = 0
  private flushTimer: NodeJS.Timeout | null = null
  private unacked = 0
  private isPaused = false
  private flowControl: boolean
  /** The program is gone: nothing to hold back any more, only output to drain. */
  private draining = false
  private exitWatch: NodeJS.Timeout | null = null
  private endWatch: NodeJS.Timeout | null = null
  /** Output events so far, to tell whether a read of the pty found more. */
  private reads = 0
  private killed = false
  private done = false
  /** Our own descriptor of the program's side of the pty (see the top of the file). */
  private slaveFd: number | null

  constructor(
    private readonly term: pty.IPty,
    private readonly options: PtyRunOptions,
    private readonly settings: Required<PtyRunnerOptions>,
  ) {
    this.pid = term.pid
    this.flowControl = options.flowControl ?? true
    this.slaveFd = holdOpen(term)
    if (this.slaveFd !== null) this.endWatch = setInterval(() => this.checkEnd(), endPollMs)
    const onAbort = () => this.kill()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    term.onData((data) => this.receive(data))
    this.exited = new Promise((resolve) => {
      term.onExit(({ exitCode, signal }) => {
        this.done = true
        options.signal?.removeEventListener('abort', onAbort)
        this.stopExitWatch()
        this.releasePty()
        this.flush()
        resolve({
          exitCode,
          signal: signal ? signal : null,
          killed: this.killed,
          durationMs: Date.now() - this.started,
        })
      })
    })
  }

  get paused(): boolean {
    return this.isPaused
  }

  write(data: string): boolean {
    if (this.done) return false
    this.term.write(data)
    return true
  }

  resize(cols: number, rows: number): void {
    if (this.done) return
    const c = Math.max(1, Math.min(1000, Math.floor(cols)))
    const r = Math.max(1, Math.min(1000, Math.floor(rows)))
    this.term.resize(c, r)
  }

  ack(chars: number): void {
    if (!Number.isFinite(chars) || chars <= 0) return
    this.unacked = Math.max(0, this.unacked - chars)
    if (this.isPaused && this.unacked < this.settings.lowWater) this.resume()
  }

  setFlowControl(enabled: boolean): void {
    this.flowControl = enabled
    if (!enabled && this.isPaused) this.resume()
  }

  kill(): void {
    if (this.done || this.killed) return
    this.killed = true
    // A paused program cannot write its last words and would hang in the SIGTERM handler.
    this.draining = true
    if (this.isPaused) this.resume()
    signalGroup(this.pid, 'SIGTERM')
    const pid = this.pid
    setTimeout(() => {
      // The leader may be gone while others of its group still run.
      signalGroup(pid, 'SIGKILL')
    }, this.settings.killGraceMs).unref()
  }

  private receive(data: string): void {
    this.reads++
    this.batch.push(data)
    this.batchLength += data.length
    this.unacked += data.length
    if (this.batchLength >= this.settings.batchChars) this.flush()
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), this.settings.batchMs)
    }
    if (
      this.flowControl &&
      !this.draining &&
      !this.isPaused &&
      this.unacked > this.settings.highWater
    ) {
      this.pause()
    }
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = null
    if (this.batchLength === 0) return
    const data = this.batch.join('')
    this.batch = []
    this.batchLength = 0
    this.options.onData(data)
  }

  private pause(): void {
    this.isPaused = true
    this.term.pause()
    // node-pty ends the stream 200 ms after the program exits, read or not: while paused, watch
    // for the exit and let the rest through.
    this.exitWatch = setInterval(() => {
      if (!isAlive(this.pid)) {
        this.draining = true
        this.resume()
      }
    }, 20)
    // Nothing more is read until the consumer catches up: hand out what is here now rather
    // than after the batch time, which would only add to the wait.
    this.flush()
  }

  private resume(): void {
    this.stopExitWatch()
    if (!this.isPaused) return
    this.isPaused = false
    this.term.resume()
  }

  /**
   * Once the program has exited, lets go of its side of the pty when a read finds nothing more
   * (an I/O poll runs between this timer and the immediate), so that the stream ends at once.
   * Programs it left behind that still hold the pty keep it open; node-pty's timeout ends it.
   */
  private checkEnd(): void {
    if (this.done || this.isPaused || isAlive(this.pid)) return
    const reads = this.reads
    setImmediate(() => {
      if (!this.done && !this.isPaused && this.reads === reads) this.releasePty()
    })
  }

  private releasePty(): void {
    if (this.endWatch) clearInterval(this.endWatch)
    this.endWatch = null
    if (this.slaveFd !== null) closeSync(this.slaveFd)
    this.slaveFd = null
  }

  private stopExitWatch(): void {
    if (this.exitWatch) clearInterval(this.exitWatch)
    this.exitWatch = null
  }
}
