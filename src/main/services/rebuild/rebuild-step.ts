// One command of a rebuild, running in a pty. Its output goes through the JSON-log splitter: nix's
// `@nix {…}` lines feed the progress and come out as readable text, other text passes as it is.
// What a failure report needs (error messages, the recent text) is kept on the side.
import { NixLogSplitter, type NixLogItem } from '../../../shared/rebuild/nix-log-parser'
import { ProgressTracker } from '../../../shared/rebuild/progress'
import { NixLogTextRenderer } from '../../../shared/rebuild/terminal-text'
import { stripAnsi } from '../../../shared/nix/ansi'
import type { PtyExit, PtyProcess, PtyRunner } from '../pty-runner'
import { OutputTail } from './output-tail'

export interface StepSpawn {
  pty: PtyRunner
  /** The program to start (may be a resolved path) and its arguments. */
  program: string
  args: readonly string[]
  structuredLog: boolean
  cwd?: string
  env?: Record<string, string | undefined>
  cols?: number
  rows?: number
  now: () => number
  /** Readable text for the terminal. */
  onText: (text: string) => void
  /** The progress changed. */
  onProgress: () => void
}

/** Text kept per step for error parsing: nix's error block is near the end. */
const textTailChars = 256 * 1024
/** Error and warning messages kept per step. */
const maxMessages = 200

export class RebuildStep {
  readonly tracker = new ProgressTracker()
  /** `@nix` lines of errors and warnings, for the diagnostics parser. */
  readonly messageLines: string[] = []
  /** The same messages' text, for finding failed builders. */
  readonly errorText: string[] = []
  readonly textTail = new OutputTail(textTailChars)
  private readonly splitter = new NixLogSplitter()
  private readonly renderer = new NixLogTextRenderer()
  private process: PtyProcess | null = null

  private constructor(private readonly spawn: StepSpawn) {}

  static async start(spawn: StepSpawn): Promise<RebuildStep> {
    const step = new RebuildStep(spawn)
    // Without nix's JSON log there is no progress to follow: the tracker stays idle.
    if (spawn.structuredLog) step.tracker.begin(spawn.now())
    step.process = await spawn.pty.spawn(spawn.program, spawn.args, {
      onData: (data) => step.receive(data),
      ...(spawn.cwd ? { cwd: spawn.cwd } : {}),
      ...(spawn.env ? { env: spawn.env } : {}),
      ...(spawn.cols ? { cols: spawn.cols } : {}),
      ...(spawn.rows ? { rows: spawn.rows } : {}),
    })
    return step
  }

  /** Whether the step prints nix's JSON log (and so has progress). */
  get structured(): boolean {
    return this.spawn.structuredLog
  }

  get pty(): PtyProcess {
    return this.process!
  }

  /** Resolves when the command has exited and its output has been handed out. */
  async exited(): Promise<PtyExit> {
    const exit = await this.pty.exited
    if (this.spawn.structuredLog) {
      this.handle(this.splitter.end())
      this.spawn.onProgress()
    }
    return exit
  }

  private receive(data: string): void {
    if (!this.spawn.structuredLog) {
      this.textTail.append(data)
      this.spawn.onText(data)
      return
    }
    this.handle(this.splitter.push(data))
  }

  private handle(items: NixLogItem[]): void {
    let sawEntry = false
    for (const item of items) {
      if (item.kind !== 'entry') continue
      sawEntry = true
      const entry = item.entry
      this.tracker.apply(entry, this.spawn.now())
      if (entry.action === 'msg' && entry.level <= 1 && this.messageLines.length < maxMessages) {
        const text = stripAnsi(entry.msg).trimStart()
        // Level 0 also carries plain notices ("these 3 derivations will be built:").
        if (/^(error|warning):/.test(text)) {
          this.messageLines.push(item.line)
          this.errorText.push(text)
        }
      }
    }
    const text = this.renderer.renderItems(items)
    this.textTail.append(text)
    if (text !== '') this.spawn.onText(text)
    if (sawEntry) this.spawn.onProgress()
  }
}
