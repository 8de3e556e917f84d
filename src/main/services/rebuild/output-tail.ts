// The terminal output of a run, as stored: only the last part is kept (a long build prints
// megabytes), cut at a line start so the stored log does not begin mid-line or mid-escape.
import { gunzipSync, gzipSync } from 'node:zlib'

export const defaultOutputCap = 4 * 1024 * 1024

export class OutputTail {
  private chunks: string[] = []
  /** Chunks before this index are gone (dropped lazily, so appending stays O(1)). */
  private head = 0
  private length = 0
  private dropped = false
  /** Text was dropped since text() last cut the kept part at a line start. */
  private cutPending = false

  /** @param cap characters kept (the newest). */
  constructor(private readonly cap = defaultOutputCap) {}

  append(text: string): void {
    if (text === '') return
    this.chunks.push(text)
    this.length += text.length
    // Whole chunks go once the rest still holds the cap: no joining while a build prints.
    while (this.length - this.chunks[this.head]!.length >= this.cap) {
      const gone = this.chunks[this.head]!
      // Let go of the text now; the slot goes at the next compaction.
      this.chunks[this.head++] = ''
      this.length -= gone.length
      this.dropped = true
      // What is kept begins a line when the dropped chunk ended one.
      this.cutPending = !gone.endsWith('\n')
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head)
      this.head = 0
    }
  }

  get truncated(): boolean {
    return this.dropped || this.length > this.cap
  }

  text(): string {
    let joined = this.chunks.slice(this.head).join('')
    if (joined.length > this.cap) {
      joined = joined.slice(joined.length - this.cap)
      this.dropped = true
      this.cutPending = true
    }
    if (this.cutPending) {
      const lineStart = joined.indexOf('\n')
      if (lineStart >= 0 && lineStart < 4096) joined = joined.slice(lineStart + 1)
      this.cutPending = false
    }
    this.chunks = [joined]
    this.head = 0
    this.length = joined.length
    return joined
  }
}

export function compressOutput(text: string): Buffer {
  return gzipSync(Buffer.from(text, 'utf8'))
}

export function decompressOutput(data: Buffer): string {
  return gunzipSync(data).toString('utf8')
}
