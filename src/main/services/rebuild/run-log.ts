// The whole terminal output of a run, in memory while it runs and a little after: nix is never
// held back for a window, so this log is what windows read from, each at its own pace (see
// readFeed), and what the log view pages through and searches. It is bounded: text goes into
// segments of about 1 MiB, and once more than `cap` characters are kept the oldest segments are
// dropped (the log view says how many lines went). Positions are characters since the run
// began and never change, so a reader's cursor stays valid while old text is dropped.
// A sealed segment is gzipped off the main thread and kept so (build logs shrink ten to fifty
// times), its text unpacked again when a reader needs it: a 2,000,000-line build holds a few MiB
// instead of the cap's 32 MiB of text, and the stored log is made of those gzip members.
import { gunzipSync, gzip, gzipSync } from 'node:zlib'
import { stripAnsi } from '../../../shared/nix/ansi'

/** Characters kept in memory per run (the newest); also what is stored when the run ends. */
export const defaultLogCap = 32 * 1024 * 1024
const segmentChars = 1024 * 1024

/** gzip level of the segments: the fastest; a log shrinks nearly as much as at the default. */
const packLevel = 1
/**
 * Text up to this many characters is packed at once on the main thread (well under a
 * millisecond): a trip to the thread pool costs more, and a small run's end would wait for it.
 */
export const packAtOnceChars = 256 * 1024

interface Segment {
  /** Position of the segment's first character. */
  start: number
  /** Newlines before the segment. */
  linesBefore: number
  /** Characters in it. */
  length: number
  /** Its text, or null once it is packed (and not the newest sealed segment). */
  text: string | null
  /** Its text gzipped (one gzip member), once packed. */
  packed: Buffer | null
  lines: number
  /** Whether the character before it was a newline. */
  atLineStart: boolean
}

export interface FeedChunk {
  /** Text for the terminal, from `next - data.length`. */
  data: string
  /** Position and newline count to read on from. */
  next: number
  nextLine: number
  /** Lines left out between the reader's position and `data` (0: none). */
  skippedLines: number
}

export interface LogLine {
  /** 1-based line number in the run's output. */
  number: number
  text: string
}

export interface LogPage {
  lines: LogLine[]
  /** Number of the first line still kept (1 unless the cap dropped older ones). */
  firstLine: number
  /** Lines so far (a last line without its newline yet counts). */
  totalLines: number
  /** Characters kept and the cap they are held to. */
  keptChars: number
  capChars: number
}

function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++
  return n
}

export class RunLog {
  private readonly segments: Segment[] = []
  private openChunks: string[] = []
  private openLength = 0
  private openLines = 0
  private openAtLineStart = true
  private endPosition = 0
  private newlines = 0
  /** The packed segment unpacked last, while readers page or search through it. */
  private unpacked: { segment: Segment; text: string } | null = null

  constructor(readonly cap = defaultLogCap) {}

  append(text: string): void {
    if (text === '') return
    const lines = countNewlines(text)
    this.openChunks.push(text)
    this.openLength += text.length
    this.openLines += lines
    this.endPosition += text.length
    this.newlines += lines
    if (this.openLength >= segmentChars) this.seal()
  }

  /** Position after the last character. */
  get end(): number {
    return this.endPosition
  }

  /** Position of the oldest character kept. */
  get start(): number {
    return this.segments[0]?.start ?? this.endPosition - this.openLength
  }

  /** Newlines so far. */
  get lineBreaks(): number {
    return this.newlines
  }

  get keptChars(): number {
    return this.endPosition - this.start
  }

  /** Characters held as text, not packed (the open and the newest sealed segment, as a rule). */
  get textChars(): number {
    let chars = this.openLength
    for (const segment of this.segments) if (segment.text !== null) chars += segment.length
    return chars
  }

  /** Whether older output was dropped to stay within the cap. */
  get truncated(): boolean {
    return this.start > 0
  }

  /** The text from `from` (at least `start`) to `to`. */
  slice(from: number, to = this.endPosition): string {
    this.flatten()
    const parts: string[] = []
    for (const segment of this.allSegments()) {
      const segEnd = segment.start + segment.length
      if (segEnd <= from) continue
      if (segment.start >= to) break
      const text = this.textOf(segment)
      parts.push(
        text.slice(Math.max(0, from - segment.start), Math.min(segEnd, to) - segment.start),
      )
    }
    return parts.join('')
  }

  /**
   * The newest `cap` characters, as they are stored when the run ends: from a line start when
   * one is near, so the stored log does not begin mid-line or mid-escape.
   */
  storedPieces(): { pieces: string[]; truncated: boolean } {
    this.flatten()
    const from = this.storedFrom()
    const pieces: string[] = []
    for (const segment of this.allSegments()) {
      if (segment.start + segment.length <= from) continue
      const text = this.textOf(segment)
      pieces.push(from > segment.start ? text.slice(from - segment.start) : text)
    }
    return { pieces, truncated: from > 0 }
  }

  /**
   * The stored part (see storedPieces) gzipped: the packed segments as they are (a gzip stream
   * may be several members), the rest packed now. Little is left to pack when a run ends.
   */
  async packedOutput(): Promise<{ compressed: Buffer; truncated: boolean }> {
    this.flatten()
    const from = this.storedFrom()
    const members: Buffer[] = []
    for (const segment of this.allSegments()) {
      if (segment.start + segment.length <= from) continue
      if (segment.packed && from <= segment.start) {
        members.push(segment.packed)
        continue
      }
      const text = this.textOf(segment)
      members.push(await pack(from > segment.start ? text.slice(from - segment.start) : text))
    }
    if (members.length === 0) members.push(gzipSync(''))
    return { compressed: Buffer.concat(members), truncated: from > 0 }
  }

  /** Where the stored part begins: `cap` before the end, moved on to a line start if one is near. */
  private storedFrom(): number {
    let from = Math.max(this.start, this.endPosition - this.cap)
    if (from > 0) {
      const newline = this.slice(from, from + 4096).indexOf('\n')
      if (newline >= 0) from += newline + 1
    }
    return from
  }

  /**
   * What a reader at `from` (with `fromLine` newlines before it) gets next: everything up to the
   * end when it is at most `allowance` characters behind; otherwise it has fallen behind and
   * gets only the newest lines (about `tail` characters, from a line start, and at most
   * `tailLines` of them), and how many lines it skipped. Text dropped by the cap counts as
   * skipped.
   */
  readFeed(
    from: number,
    fromLine: number,
    allowance: number,
    tail: number,
    tailLines = Infinity,
  ): FeedChunk {
    const end = this.endPosition
    const at = Math.min(Math.max(0, from), end)
    if (end - at <= allowance && at >= this.start) {
      return { data: this.slice(at), next: end, nextLine: this.newlines, skippedLines: 0 }
    }
    const data = this.slice(Math.max(this.start, at, end - tail))
    // From the first line start in the tail, so the terminal does not begin mid-line; a tail
    // that is one long partial line (a prompt, a progress bar) is kept whole.
    const lineStart = data.indexOf('\n')
    const fromLineStart = lineStart >= 0 && lineStart < data.length - 1
    let shown = fromLineStart ? data.slice(lineStart + 1) : data
    // No more lines than the terminal shows: the rest would scroll by unread.
    let cut = shown.length - (shown.endsWith('\n') ? 1 : 0)
    for (let n = 0; n < tailLines && cut > 0; n++) cut = shown.lastIndexOf('\n', cut - 1)
    if (cut > 0) shown = shown.slice(cut + 1)
    const linesAtCut = this.newlines - countNewlines(shown)
    return {
      data: shown,
      next: end,
      nextLine: this.newlines,
      skippedLines: Math.max(0, linesAtCut - fromLine),
    }
  }

  /** 1-based number of the first line whose start is kept. */
  get firstLine(): number {
    const start = this.start
    if (start === 0) return 1
    // The line the cut fell into is partly gone: it does not count as kept.
    this.flatten()
    const first = this.allSegments()[0]!
    return first.linesBefore + (first.atLineStart ? 1 : 2)
  }

  /** Lines so far, a last line without its newline included. */
  get totalLines(): number {
    const last = this.endPosition === 0 ? '\n' : this.slice(this.endPosition - 1)
    return this.newlines + (last === '\n' ? 0 : 1)
  }

  /** Up to `count` lines from line `from` (1-based; clamped to what is kept). */
  lines(from: number, count: number): LogPage {
    const lines: LogLine[] = []
    if (count > 0) {
      for (const line of this.linesFrom(from)) {
        lines.push(line)
        if (lines.length >= count) break
      }
    }
    return {
      lines,
      firstLine: this.firstLine,
      totalLines: this.totalLines,
      keptChars: this.keptChars,
      capChars: this.cap,
    }
  }

  /**
   * Lines containing `query` (case-insensitive, colours ignored), from line `from` on; `more`
   * says whether there are matches after the last one returned.
   */
  search(query: string, from: number, limit: number): { matches: LogLine[]; more: boolean } {
    const needle = query.toLowerCase()
    const matches: LogLine[] = []
    if (needle === '') return { matches, more: false }
    for (const line of this.linesFrom(from)) {
      const plain = line.text.includes('\u001b') ? stripAnsi(line.text) : line.text
      if (!plain.toLowerCase().includes(needle)) continue
      if (matches.length === limit) return { matches, more: true }
      matches.push(line)
    }
    return { matches, more: false }
  }

  /** The kept lines from 1-based line `from` on, without their line ends. */
  private *linesFrom(from: number): Generator<LogLine> {
    let number = Math.max(this.firstLine, Math.floor(from))
    const position = this.positionOfLine(number)
    if (position === null) return
    this.flatten()
    let carry = ''
    const plainEnd = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line)
    for (const segment of this.allSegments()) {
      if (segment.start + segment.length <= position) continue
      const text = this.textOf(segment)
      let at = Math.max(0, position - segment.start)
      for (let nl = text.indexOf('\n', at); nl !== -1; nl = text.indexOf('\n', at)) {
        yield { number: number++, text: plainEnd(carry + text.slice(at, nl)) }
        carry = ''
        at = nl + 1
      }
      carry += text.slice(at)
    }
    if (carry !== '') yield { number, text: plainEnd(carry) }
  }

  /** Where 1-based line `number` starts, or null when it is not kept or not there yet. */
  private positionOfLine(number: number): number | null {
    if (number === 1) return this.start === 0 ? 0 : null
    const newline = number - 1 // the line starts after this many newlines
    if (newline > this.newlines) return null
    this.flatten()
    for (const segment of this.allSegments()) {
      if (segment.linesBefore + segment.lines < newline) continue
      const text = this.textOf(segment)
      let index = -1
      for (let k = segment.linesBefore; k < newline; k++) index = text.indexOf('\n', index + 1)
      return segment.start + index + 1
    }
    return null
  }

  private allSegments(): Segment[] {
    if (this.openLength === 0) return this.segments
    return [
      ...this.segments,
      {
        start: this.endPosition - this.openLength,
        linesBefore: this.newlines - this.openLines,
        length: this.openLength,
        text: this.openChunks[0] ?? '',
        packed: null,
        lines: this.openLines,
        atLineStart: this.openAtLineStart,
      },
    ]
  }

  /** A segment's text, unpacked when it is packed (the last one unpacked is kept). */
  private textOf(segment: Segment): string {
    if (segment.text !== null) return segment.text
    if (this.unpacked?.segment !== segment) {
      this.unpacked = { segment, text: gunzipSync(segment.packed!).toString('utf8') }
    }
    return this.unpacked.text
  }

  /** Joins the open segment's chunks, so that it reads as one string. */
  private flatten(): void {
    if (this.openChunks.length > 1) this.openChunks = [this.openChunks.join('')]
  }

  private seal(): void {
    this.flatten()
    const segment: Segment = {
      start: this.endPosition - this.openLength,
      linesBefore: this.newlines - this.openLines,
      length: this.openLength,
      text: this.openChunks[0] ?? '',
      packed: null,
      lines: this.openLines,
      atLineStart: this.openAtLineStart,
    }
    // The newest sealed segment keeps its text (a reader a little behind reads it); the one
    // before lets go of it once packed.
    const previous = this.segments.at(-1)
    if (previous?.packed) previous.text = null
    this.segments.push(segment)
    this.openAtLineStart = segment.text!.endsWith('\n')
    this.openChunks = []
    this.openLength = 0
    this.openLines = 0
    while (this.segments.length > 1 && this.endPosition - this.segments[1]!.start >= this.cap) {
      this.segments.shift()
    }
    this.unpacked = null
    void pack(segment.text!).then(
      (packed) => {
        segment.packed = packed
        if (segment !== this.segments.at(-1)) segment.text = null
      },
      () => undefined, // not packed: it keeps its text
    )
  }
}

/** Text gzipped (one member) off the main thread, or at once when it is small. */
function pack(text: string): Promise<Buffer> {
  const data = Buffer.from(text, 'utf8')
  if (text.length <= packAtOnceChars) return Promise.resolve(gzipSync(data, { level: packLevel }))
  return new Promise((resolve, reject) =>
    gzip(data, { level: packLevel }, (error, packed) => (error ? reject(error) : resolve(packed))),
  )
}
