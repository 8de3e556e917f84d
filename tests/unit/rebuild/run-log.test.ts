// The run log: positions and line numbers stay right across its 1 MiB segments and after the
// cap drops the oldest; a reader behind gets the exact newest lines and the count it skipped;
// the log view's pages and search see every kept line, also once older segments are packed.
import { describe, expect, it, vi } from 'vitest'
import { decompressOutput } from '../../../src/main/services/rebuild/output-tail'
import { RunLog } from '../../../src/main/services/rebuild/run-log'

/** Lines `line 1` … `line n`, each ended by \r\n, appended in uneven chunks. */
function fill(log: RunLog, n: number, from = 1): string {
  let text = ''
  for (let i = from; i < from + n; i++) text += `line ${i} ${'x'.repeat(i % 50)}\r\n`
  for (let at = 0; at < text.length;) {
    const size = 1 + ((at * 7919) % 70_000)
    log.append(text.slice(at, at + size))
    at += size
  }
  return text
}

const newlines = (text: string) => text.split('\n').length - 1

describe('run log', () => {
  it('reads a line anywhere, also one that spans two segments', () => {
    const log = new RunLog()
    const text = fill(log, 60_000) // about 3.5 MiB: several segments
    expect(log.end).toBe(text.length)
    expect(log.firstLine).toBe(1)
    expect(log.totalLines).toBe(60_000)
    const lines = text.split('\r\n')
    for (const n of [1, 2, 17_000, 29_999, 30_000, 45_678, 60_000]) {
      expect(log.lines(n, 1).lines).toEqual([{ number: n, text: lines[n - 1] }])
    }
    const page = log.lines(59_999, 10)
    expect(page.lines.map((l) => l.number)).toEqual([59_999, 60_000])
  })

  it('keeps about the cap: older segments go, numbering stays, the stored part is the cap', () => {
    const log = new RunLog(1024 * 1024)
    const text = fill(log, 80_000) // about 4.8 MiB
    expect(log.truncated).toBe(true)
    expect(log.keptChars).toBeLessThanOrEqual(3 * 1024 * 1024)
    const first = log.firstLine
    expect(first).toBeGreaterThan(1)
    const lines = text.split('\r\n')
    expect(log.lines(1, 2).lines).toEqual([
      { number: first, text: lines[first - 1] },
      { number: first + 1, text: lines[first] },
    ])
    const stored = log.storedPieces()
    const joined = stored.pieces.join('')
    expect(stored.truncated).toBe(true)
    expect(joined.length).toBeLessThanOrEqual(1024 * 1024)
    expect(text.endsWith(joined)).toBe(true)
    expect(joined.startsWith('line ')).toBe(true)
  })

  it('a reader behind gets the exact newest lines and how many it skipped', () => {
    const log = new RunLog(1024 * 1024)
    const head = log.readFeed(0, 0, 256 * 1024, 64 * 1024)
    expect(head).toEqual({ data: '', next: 0, nextLine: 0, skippedLines: 0 })
    const text = fill(log, 100) + 'Password: '
    log.append('Password: ')
    const near = log.readFeed(0, 0, 256 * 1024, 64 * 1024)
    expect(near).toMatchObject({ data: text, skippedLines: 0 })
    const more = fill(log, 80_000, 101)
    const all = text + more
    const behind = log.readFeed(near.next, near.nextLine, 256 * 1024, 64 * 1024)
    expect(behind.data.length).toBeLessThanOrEqual(64 * 1024)
    expect(all.endsWith(behind.data)).toBe(true)
    expect(all[all.length - behind.data.length - 1]).toBe('\n')
    expect(near.nextLine + behind.skippedLines + newlines(behind.data)).toBe(newlines(all))
    expect(behind).toMatchObject({ next: all.length, nextLine: newlines(all) })
  })

  it('finds lines by search, colours ignored, case-insensitive, from a line on', () => {
    const log = new RunLog()
    log.append('building \u001b[1mfoo\u001b[0m\r\nerror: Foo failed\r\nbar\r\nfoo again')
    expect(log.search('FOO', 1, 10)).toEqual({
      matches: [
        { number: 1, text: 'building \u001b[1mfoo\u001b[0m' },
        { number: 2, text: 'error: Foo failed' },
        { number: 4, text: 'foo again' },
      ],
      more: false,
    })
    expect(log.search('foo', 2, 1)).toEqual({
      matches: [{ number: 2, text: 'error: Foo failed' }],
      more: true,
    })
    expect(log.search('bold foo', 1, 10).matches).toEqual([])
  })
})

describe('run log, packed', () => {
  /** Waits until the log's sealed segments are packed but the newest. */
  const packed = (log: RunLog) =>
    vi.waitFor(() => expect(log.textChars).toBeLessThanOrEqual(2 * 1024 * 1024 + 70_000), {
      timeout: 10_000,
    })

  it('holds its older segments packed, and reads, searches and stores them exactly', async () => {
    const log = new RunLog(4 * 1024 * 1024)
    const text = fill(log, 150_000) + 'ünïcödé ✓ 🚀 line\r\n' // about 5.6 MiB: over the cap
    log.append('ünïcödé ✓ 🚀 line\r\n')
    await packed(log)
    expect(log.truncated).toBe(true)
    expect(log.keptChars).toBeGreaterThan(3 * 1024 * 1024)
    const lines = text.split('\r\n')
    const first = log.firstLine
    for (const n of [first, first + 1, 70_000, 100_001, 149_999, 150_001]) {
      expect(log.lines(n, 1).lines).toEqual([{ number: n, text: lines[n - 1] }])
    }
    expect(log.search('line 123456 ', 1, 5).matches).toEqual([
      { number: 123_456, text: lines[123_455] },
    ])
    expect(log.slice(log.end - 100)).toBe(text.slice(-100))
    const stored = log.storedPieces()
    const { compressed, truncated } = await log.packedOutput()
    expect(truncated).toBe(true)
    expect(decompressOutput(compressed)).toBe(stored.pieces.join(''))
    expect(text.endsWith(stored.pieces.join(''))).toBe(true)
    expect(stored.pieces.join('').startsWith('line ')).toBe(true)
  })

  it('stores a short or an empty log whole', async () => {
    const empty = await new RunLog().packedOutput()
    expect(decompressOutput(empty.compressed)).toBe('')
    const log = new RunLog()
    const text = fill(log, 30_000) // about 1.7 MiB: one packed segment and the open one
    await packed(log)
    const { compressed, truncated } = await log.packedOutput()
    expect(truncated).toBe(false)
    expect(decompressOutput(compressed)).toBe(text)
  })
})
