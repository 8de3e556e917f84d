// A run's progress events at a bounded rate: nix reports progress many times a second, a window
// needs it at most every `intervalMs`; the last change is never lost (it goes at the end of the
// interval), and a command's end sends it at once.
export class ProgressPacer {
  private timer: NodeJS.Timeout | null = null
  private lastAt = 0

  constructor(
    private readonly send: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Progress changed: sent now or once the interval since the last is over. */
  changed(): void {
    if (this.timer) return
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Sends the progress now. */
  flush(): void {
    this.stop()
    this.lastAt = this.now()
    this.send()
  }

  /** Nothing more is sent (the run has ended). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
