// The terminal output of a run, as stored: only the last part is kept (a long build prints
// megabytes), cut at a line start so the stored log does not begin mid-line or mid-escape.
import { createGzip, gunzipSync, gzipSync } from 'node:zlib'

export const defaultOutputCap = 4 * 1024 * 1024

export class OutputTail {
  private chunks: string[] = []
  private length = 0
  private dropped = false

  /** @param cap characters kept (the newest). */
  constructor(private readonly cap = defaultOutputCap) {}

  append(text: string): void {
    if (text === '') return
    this.chunks.push(text)
    this.length += text.length
    // Trim in bulk once well over the cap, so appending stays cheap.
    if (this.length > this.cap * 1.25) this.trim()
  }

  get truncated(): boolean {
    return this.dropped || this.length > this.cap
  }

  text(): string {
    this.trim()
    return this.chunks.join('')
  }

  private trim(): void {
    if (this.length <= this.cap) return
    let joined = this.chunks.join('')
    joined = joined.slice(joined.length - this.cap)
    const lineStart = joined.indexOf('\n')
    if (lineStart >= 0 && lineStart < 4096) joined = joined.slice(lineStart + 1)
    this.chunks = [joined]
    this.length = joined.length
    this.dropped = true
  }
}

export function compressOutput(text: string): Buffer {
  return gzipSync(Buffer.from(text, 'utf8'))
}

export function decompressOutput(data: Buffer): string {
  return gunzipSync(data).toString('utf8')
}

/**
 * Compresses text given in pieces, off the main thread and without joining it into one copy
 * (a run keeps up to tens of MiB).
 */
export async function compressPieces(pieces: readonly string[]): Promise<Buffer> {
  const gzip = createGzip()
  const chunks: Buffer[] = []
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve)
    gzip.once('error', reject)
  })
  for (const piece of pieces) {
    if (!gzip.write(piece, 'utf8')) await new Promise((r) => gzip.once('drain', r))
  }
  gzip.end()
  await done
  return Buffer.concat(chunks)
}
