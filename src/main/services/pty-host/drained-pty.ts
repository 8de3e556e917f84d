// One program in a pseudo-terminal, read as fast as it writes. It runs in the pty host (a worker
// thread, see pty-worker.ts) so that nothing the app's thread does (parsing a batch, a garbage
// collection, answering a window) makes the program wait: a pty holds about 12 KB of output, so a
// reader that is away for a millisecond stops a chatty nix.
//
// Linux and libuv lose a terminal's last output unless we take care (node-pty#726): when the
// program's side of the pty closes, libuv takes a short read for the end although the kernel still
// holds more than one read's worth. So we keep the program's side open ourselves until node-pty
// has read all (without that, node-pty ends the stream 200 ms after the exit, a delay every step
// of a rebuild would pay). Knowing that all was read: once the program is gone, we write a marker
// to the program's side; the kernel hands a pty's output on in order, through a queue of its own
// that can lag behind the program's exit on a busy machine, so when the marker comes out at our
// side, everything the program wrote has come before it. We take the marker out and close our
// side, which ends the stream. node-pty learns of the exit from its own waitpid and tells no one
// until the stream ends; we hear of that moment (hearExit), and look every few ms whether the
// program is gone only in case a node-pty of another shape does not tell us.
import { closeSync, constants, openSync, writeSync } from 'node:fs'
import * as pty from 'node-pty'
import type { PtyStart } from './messages'

export interface DrainedPtyOptions extends PtyStart {
  onData: (data: string) => void
  /** Called once, after the last onData. */
  onExit: (exitCode: number, signal: number | null) => void
}

/** Opens the program's side of the pty, or null where node-pty does not name it. */
function holdOpen(term: pty.IPty): number | null {
  const name = (term as pty.IPty & { ptsName?: unknown }).ptsName
  if (typeof name !== 'string' || name === '') return null
  try {
    // Non-blocking: a program may leave its terminal stopped (^S), and our marker must not wait.
    return openSync(name, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK)
  } catch {
    return null
  }
}

/**
 * Calls `heard` when node-pty's waitpid sees the program exit. node-pty 1.x then sets its
 * `_boundClose` and waits for the stream's end to report the exit; we watch that field. A
 * node-pty without it never calls `heard`, and the look every few ms (endPollMs) finds the exit
 * instead, a millisecond or two later: each step of a switch waited that long.
 */
export function hearExit(term: pty.IPty, heard: () => void): void {
  const field = '_boundClose'
  if (!(field in term)) return
  let value = (term as unknown as Record<string, unknown>)[field]
  Object.defineProperty(term, field, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: unknown) => {
      value = next
      if (next === true) heard()
    },
  })
}

/**
 * What we write to the program's side once it has exited (see the top of the file): an OSC
 * sequence, which a terminal that ever saw it would ignore.
 */
const drainedMarker = '\u001b]7717;flakedeck-drained\u0007'
/** How long we wait for the marker before we close our side all the same (it was not written). */
const markerWaitMs = 250

/**
 * How often we look whether a program whose side of the pty we hold has exited: often at first,
 * since the short commands of a switch (nix-env --set, the activation) end in milliseconds and
 * each look they wait for delays the run; less often once a command has run for a while.
 */
const endPollMs = { first: 2, after: 10, switchAfterMs: 1_000 } as const

/**
 * After a small read, the thread sleeps this long before it looks again, so that the next read
 * takes what came meanwhile: each read of a pty returns at most about 4 KB (the line
 * discipline's buffer), and a reader that wakes for every line nix writes pays a wake-up, a
 * read and a callback per line (a chatty build: tens of thousands of them, on the cores nix
 * needs). A pty holds at least 12 KB, so a writer would have to print over 40 MB a second to
 * fill it meanwhile (nix prints about 12); a read that was not small (the program writes fast)
 * is followed by the next one at once. Keystrokes and resizes wait no longer than the sleep.
 */
const gatherMs = 0.25
const smallReadChars = 2048
/** What the thread sleeps on (Atomics.wait: nothing ever wakes it early). */
const gatherClock = new Int32Array(new SharedArrayBuffer(4))

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export class DrainedPty {
  readonly pid: number
  private readonly term: pty.IPty
  private readonly started = Date.now()
  private batch: string[] = []
  private batchLength = 0
  private flushTimer: NodeJS.Timeout | null = null
  private endWatch: NodeJS.Timeout | null = null
  private watching = false
  private done = false
  /** Output read since the marker was written, until the marker comes (see receive). */
  private held: string | null = null
  private markerWait: NodeJS.Timeout | null = null
  /** Our own descriptor of the program's side of the pty (see the top of the file). */
  private slaveFd: number | null

  /** Throws when the program cannot be started. */
  constructor(private readonly options: DrainedPtyOptions) {
    this.term = pty.spawn(options.program, options.args, {
      name: options.name,
      cols: options.cols,
      rows: options.rows,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env,
    })
    this.pid = this.term.pid
    this.slaveFd = holdOpen(this.term)
    if (this.slaveFd !== null) {
      this.watching = true
      this.watchEnd()
      hearExit(this.term, () => this.programGone())
    }
    this.term.onData((data) => this.receive(data))
    this.term.onExit(({ exitCode, signal }) => {
      // The stream ended before the marker came (node-pty gave up on it): what came is kept.
      const held = this.held
      this.held = null
      if (held) this.receive(held)
      this.done = true
      this.releasePty()
      this.flush()
      options.onExit(exitCode, signal ? signal : null)
    })
  }

  write(data: string): void {
    if (!this.done) this.term.write(data)
  }

  resize(cols: number, rows: number): void {
    if (!this.done) this.term.resize(cols, rows)
  }

  private receive(chunk: string): void {
    let data = chunk
    if (this.held !== null) {
      // Waiting for the marker: it ends what the program wrote (it may come in two reads).
      const held = this.held + chunk
      const at = held.indexOf(drainedMarker)
      if (at < 0) {
        this.held = held
        return
      }
      this.held = null
      data = held.slice(0, at) + held.slice(at + drainedMarker.length)
      this.releasePty()
      if (data === '') return
    }
    this.batch.push(data)
    this.batchLength += data.length
    if (this.batchLength >= this.options.batchChars) this.flush()
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), this.options.batchMs)
    }
    // This thread only drains and batches: a quarter of a millisecond delays nothing else.
    if (data.length < smallReadChars) Atomics.wait(gatherClock, 0, 0, gatherMs)
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

  /** Looks whether the program has exited (when node-pty did not say so). */
  private checkEnd(): void {
    if (this.done || !this.watching) return
    if (isAlive(this.pid)) this.watchEnd()
    else this.programGone()
  }

  /**
   * The program has exited: the marker goes to its side of the pty, and our side is closed once
   * the marker has come through (receive), or after markerWaitMs should it not come.
   */
  private programGone(): void {
    if (this.done || !this.watching || this.held !== null) return
    if (this.endWatch) clearTimeout(this.endWatch)
    this.endWatch = null
    try {
      writeSync(this.slaveFd!, drainedMarker)
    } catch {
      // Not written (the terminal stopped, or gone): the wait below ends it.
    }
    this.held = ''
    this.markerWait = setTimeout(() => {
      const held = this.held
      this.held = null
      if (held) this.receive(held)
      this.releasePty()
    }, markerWaitMs)
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
    if (this.markerWait) clearTimeout(this.markerWait)
    this.markerWait = null
    if (this.slaveFd !== null) closeSync(this.slaveFd)
    this.slaveFd = null
  }
}
