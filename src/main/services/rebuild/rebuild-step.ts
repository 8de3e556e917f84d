// One command of a rebuild, running in a pty. Its output goes through the JSON-log splitter: nix's
// `@nix {…}` lines feed the progress and come out as readable text, other text passes as it is.
// What a failure report needs (error messages, the recent text) is kept on the side.
import {
  NixLogSplitter,
  type NixLogEntry,
  type NixLogHandler,
} from '../../../shared/rebuild/nix-log-parser'
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

  /** What a chunk of nix's log makes: the terminal's text in parts, and whether it had entries. */
  private parts: string[] = []
  private sawEntry = false

  /** Reads the splitter's items as they come: no item objects for a builder's log lines. */
  private readonly reader: NixLogHandler = {
    entry: (entry, line) => this.entry(entry, line),
    logLine: (id, type, text) => {
      this.sawEntry = true
      this.tracker.logLine(id, text, this.spawn.now())
      // nix's JSON holds no raw line break: the line is shown as prefix, line, \r\n.
      this.parts.push(this.renderer.logLinePrefix(id, type), text, '\r\n')
    },
    text: (text) => this.parts.push(text),
  }

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
      this.splitter.finish(this.reader)
      this.handOut()
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
    this.splitter.read(data, this.reader)
    this.handOut()
  }

  private entry(entry: NixLogEntry, line: string): void {
    this.sawEntry = true
    this.tracker.apply(entry, this.spawn.now())
    if (entry.action === 'msg' && entry.level <= 1 && this.messageLines.length < maxMessages) {
      const text = stripAnsi(entry.msg).trimStart()
      // Level 0 also carries plain notices ("these 3 derivations will be built:").
      if (/^(error|warning):/.test(text)) {
        this.messageLines.push(line)
        this.errorText.push(text)
      }
    }
    const text = this.renderer.render(entry)
    if (text !== '') this.parts.push(text)
  }

  /** The text of the chunk read, in one piece, to the tail and the terminal. */
  private handOut(): void {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('')
    const sawEntry = this.sawEntry
    this.parts = []
    this.sawEntry = false
    this.textTail.append(text)
    if (text !== '') this.spawn.onText(text)
    if (sawEntry) this.spawn.onProgress()
  }
}
