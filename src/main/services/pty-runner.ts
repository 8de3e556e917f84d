// The one place that starts programs in a pseudo-terminal, for commands a person may have to
// answer (sudo's password prompt). Like process-runner: argument arrays only, never a shell
// string. node-pty starts the program in a new session, so it leads its own process group and
// kill ends the whole group. Output goes out in batches (every 16 ms or 200 KB) as fast as the
// program writes: the program never waits for a consumer (a rebuild keeps the output in a log
// that each window reads at its own pace, see rebuild/run-log.ts).
//
// Linux and libuv lose a terminal's last output unless we take care (node-pty#726): when the
// program's side of the pty closes, libuv takes a short read for the end although the kernel still
// holds more than one read's worth. So the runner keeps the program's side open itself until
// node-pty has read all: it looks every few ms whether the program is gone, and once a read of the
// pty finds nothing more, closes its side, which ends the stream (without that, node-pty ends it
// 200 ms after the exit, a delay every step of a rebuild would pay).
import { closeSync, constants, openSync } from 'node:fs'
import * as pty from 'node-pty'
import { AppError } from '../../shared/app-error'
import { findOnPath } from './path-lookup'
import { signalGroup } from './process-group'
import { describeCommand } from './process-runner'

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
export const terminalEnv: Readonly<Record<string, string>> = {
  TERM: 'xterm-256color',
  COLORTERM: 'truecolor',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
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

/**
 * How often a runner that holds the program's side of the pty looks whether it has exited:
 * often at first, since the short commands of a switch (nix-env --set, the activation) end in
 * milliseconds and each look they wait for delays the run; less often once a command has run
 * for a while.
 */
const endPollMs = { first: 2, after: 10, switchAfterMs: 1_000 } as const

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
  private endWatch: NodeJS.Timeout | null = null
  private watching = false
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
    this.slaveFd = holdOpen(term)
    if (this.slaveFd !== null) {
      this.watching = true
      this.watchEnd()
    }
    const onAbort = () => this.kill()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    term.onData((data) => this.receive(data))
    this.exited = new Promise((resolve) => {
      term.onExit(({ exitCode, signal }) => {
        this.done = true
        options.signal?.removeEventListener('abort', onAbort)
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

  kill(): void {
    if (this.done || this.killed) return
    this.killed = true
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
    if (this.batchLength >= this.settings.batchChars) this.flush()
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), this.settings.batchMs)
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

  /**
   * Once the program has exited, lets go of its side of the pty when a read finds nothing more
   * (an I/O poll runs between this timer and the immediate), so that the stream ends at once.
   * Programs it left behind that still hold the pty keep it open; node-pty's timeout ends it.
   */
  private checkEnd(): void {
    if (this.done || isAlive(this.pid)) {
      this.watchEnd()
      return
    }
    const reads = this.reads
    setImmediate(() => {
      if (this.done) return
      if (this.reads === reads) this.releasePty()
      else this.watchEnd()
    })
  }

  private watchEnd(): void {
    if (!this.watching || this.done) return
    const ran = Date.now() - this.started
    const wait = ran < endPollMs.switchAfterMs ? endPollMs.first : endPollMs.after
    this.endWatch = setTimeout(() => this.checkEnd(), wait)
  }

  private releasePty(): void {
    this.watching = false
    if (this.endWatch) clearTimeout(this.endWatch)
    this.endWatch = null
    if (this.slaveFd !== null) closeSync(this.slaveFd)
    this.slaveFd = null
  }
}
