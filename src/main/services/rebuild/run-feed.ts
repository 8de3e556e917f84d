// A run's output as windows read it: the run appends to its log as fast as its commands print,
// and each window's terminal reads on from its own position, long-polling for more. nix never
// waits for a window; a window that falls behind gets the newest lines and how many it skipped,
// at a slower pace, and the last lines of the run come together with its end.
import { RunLog, type FeedChunk } from './run-log'

/**
 * What a window's terminal is sent at once: a reader further behind than this skips to the
 * newest lines (about feedTailChars), which is what a terminal can show anyway. At 64 KiB, a
 * chatty build's reads alternated: a skip, then 900 lines that had come meanwhile (at once, not
 * paced), which the page parsed and scrolled through for nobody to read.
 */
export const feedAllowanceChars = 16 * 1024
export const feedTailChars = 16 * 1024
/** Lines a skipping reader gets before any window has said how many rows its terminal has. */
export const defaultTailLines = 60
/**
 * A reader that will skip (it is more than feedAllowanceChars behind) is answered after this
 * pause, unless a command ends meanwhile: it gets the newest lines anyway. Each answer redraws
 * the whole terminal (the page's CPU, on the cores nix builds with), and a blur of lines twice a
 * second shows as much as ten: on 2 cores, 100 ms cost a chatty build about 40% of its time with
 * a page attached, and 250 ms (with progress events every 100 ms) a third more of Chromium's CPU
 * than 500 ms (with them every 250 ms: 440 against 740 ms and 400 against 580 ms per build).
 * A window that keeps up is not paced: it reads every feedIntervalMs (useRebuildSession.ts).
 */
export const skipPaceMs = 500
/**
 * Longest a read with nothing new waits for the run's end once its last command has exited
 * (describing a failure can ask nix for a while).
 */
export const endWaitMs = 1000
/**
 * Longest a read with output still to show waits for the run's end once the last command has
 * exited: the end follows within milliseconds as a rule, and then the window draws its last
 * lines once and knows that nothing more comes; on a busy machine it can take longer, and the
 * last lines must be on screen within 250 ms of nix's exit, so they go without it.
 */
export const endGraceMs = 20
/** The same for a window that attaches mid-run: the output so far up to 4 MiB, else its tail. */
export const replayAllowanceChars = 4 * 1024 * 1024
export const replayTailChars = 128 * 1024

export interface RunFeedChunk extends FeedChunk {
  /** The run has ended and `next` is the end of its output: nothing more will come. */
  ended: boolean
}

export class RunFeed {
  readonly log: RunLog
  /** All output is in the log: the run has ended. */
  private ended = false
  /**
   * The run's last command has exited: no more output comes from nix, only the run's end
   * (and perhaps a note of Flakedeck's), a few milliseconds later as a rule.
   */
  private commandsDone = false
  /** Readers waiting for more output. */
  private readonly waiting = new Set<() => void>()
  /** Readers far behind, pausing until a command ends (or skipPaceMs). */
  private readonly pacing = new Set<() => void>()
  /** Readers waiting for the run's end once its last command has exited. */
  private readonly ending = new Set<() => void>()
  /**
   * The terminal's rows (the last window that sized it): a reader that skips gets no more
   * lines than that, since the rest would scroll by before anyone reads it.
   */
  rows: number | null = null

  /** @param cap characters of output kept in memory (the newest). */
  constructor(cap: number) {
    this.log = new RunLog(cap)
  }

  append(text: string): void {
    if (text === '') return
    this.log.append(text)
    wakeAll(this.waiting)
  }

  /**
   * The output so far for a window that attaches (its newest part when it is long, with the
   * lines left out counted); it reads on from `next` with read().
   */
  outputSoFar(): FeedChunk {
    return this.log.readFeed(0, 0, replayAllowanceChars, replayTailChars)
  }

  /**
   * The output after `from` for one window's terminal (`fromLine`: the newlines before `from`,
   * as the last chunk said). Waits up to `waitMs` for some when there is none yet, so a prompt
   * reaches the window as soon as it is printed; a window that has fallen behind gets the
   * newest lines and how many it skipped.
   */
  async read(from: number, fromLine: number, waitMs: number): Promise<RunFeedChunk> {
    if (this.commandsDone && !this.ended && waitMs > 0) {
      // The last lines and the end in one answer when it comes soon enough.
      await this.awaitEnd(from, waitMs)
    } else if (from >= this.log.end && !this.ended && waitMs > 0) {
      await pause(this.waiting, waitMs)
    } else if (this.log.end - from > feedAllowanceChars && !this.ended && waitMs > 0) {
      await pause(this.pacing, Math.min(waitMs, skipPaceMs))
      // The last command exited during the pause (which it ends).
      if (this.commandsDone && !this.ended) await this.awaitEnd(from, waitMs)
    }
    const chunk = this.log.readFeed(
      from,
      fromLine,
      feedAllowanceChars,
      feedTailChars,
      this.rows ?? defaultTailLines,
    )
    return { ...chunk, ended: this.ended && chunk.next >= this.log.end }
  }

  /** After the last command: waits for the run's end, briefly when there is output to show. */
  private awaitEnd(from: number, waitMs: number): Promise<void> {
    return pause(this.ending, Math.min(waitMs, from < this.log.end ? endGraceMs : endWaitMs))
  }

  /**
   * A command has exited: readers pacing get its last lines now (after the last one, with the
   * run's end when it follows within endGraceMs).
   */
  commandExited(last: boolean): void {
    if (last) this.commandsDone = true
    wakeAll(this.pacing)
  }

  /** The run has ended: all of its output is in the log. */
  end(): void {
    this.ended = true
    wakeAll(this.waiting)
    wakeAll(this.pacing)
    wakeAll(this.ending)
  }
}

function wakeAll(wakers: Set<() => void>): void {
  for (const wake of [...wakers]) wake()
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
