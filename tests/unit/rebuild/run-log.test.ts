// The run log: positions and line numbers stay right across its 1 MiB segments and after the
// cap drops the oldest; a reader behind gets the exact newest lines and the count it skipped;
// the log view's pages and search see every kept line.
import { describe, expect, it } from 'vitest'
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
