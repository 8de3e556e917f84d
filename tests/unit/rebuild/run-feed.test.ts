// A run's feed as windows read it: a window far behind waits for the pace, a command that ends
// sends the last lines, and after the run's last command they come with the end in one answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  endGraceMs,
  endWaitMs,
  feedAllowanceChars,
  RunFeed,
  type RunFeedChunk,
  skipPaceMs,
} from '../../../src/main/services/rebuild/run-feed'

/** Lines "1\r\n" … "`count`\r\n" from `from`. */
const numbers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${from + i}\r\n`).join('')

/** Whether `promise` has settled after the pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => (done = true))
  await new Promise((r) => setImmediate(r))
  return done
}

describe('a run feed', () => {
  // Timers are faked: what a read waits for is decided by advancing them, never by a clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('after the last command, a window far behind gets its last lines within endGraceMs when the run takes longer to end', async () => {
    const feed = new RunFeed(1 << 24)
    feed.append(numbers(1, 30_000))
    const read = feed.read(0, 0, 10_000)
    feed.append(numbers(30_001, 100))
    feed.commandExited(true)
    expect(await settled(read)).toBe(false)
    // The run's end is slow to come (a busy machine): the last lines do not wait for it, nor
    // for the rest of the pace.
    vi.advanceTimersByTime(endGraceMs + 1)
    expect(endGraceMs + 1).toBeLessThan(skipPaceMs)
    const chunk = await read
    expect(chunk.ended).toBe(false)
    expect(chunk.data.endsWith('30099\r\n30100\r\n')).toBe(true)
    expect(chunk.next).toBe(feed.log.end)
    // Caught up, the next read waits for the end itself.
    const last = feed.read(chunk.next, chunk.nextLine, 10_000)
    vi.advanceTimersByTime(endWaitMs - 1)
    expect(await settled(last)).toBe(false)
    feed.end()
    expect(await last).toMatchObject({ data: '', skippedLines: 0, ended: true })
  })

  it('a read with output to show after the last command exited waits for the end no longer than endGraceMs', async () => {
    const feed = new RunFeed(1 << 24)
    feed.append(numbers(1, 10))
    feed.commandExited(true)
    const read = feed.read(0, 0, 10_000)
    vi.advanceTimersByTime(endGraceMs + 1)
    const chunk = await read
    expect(chunk).toMatchObject({ data: numbers(1, 10), skippedLines: 0, ended: false })
  })

  it('a window behind by more than a screen or two (30 KiB, 5,000 lines) is paced and skips, instead of getting them all at once', async () => {
    const feed = new RunFeed(1 << 24)
    feed.rows = 40
    feed.append(numbers(1, 5000))
    expect(feed.log.end).toBeGreaterThan(feedAllowanceChars)
    expect(feed.log.end).toBeLessThan(32 * 1024)
    const read = feed.read(0, 0, 10_000)
    expect(await settled(read)).toBe(false)
    vi.advanceTimersByTime(skipPaceMs)
    const chunk = await read
    expect(chunk.data).toBe(numbers(4961, 40))
    expect(chunk.skippedLines).toBe(4960)
  })

  it('after the last command, a window far behind gets its exact last lines and the end together', async () => {
    const feed = new RunFeed(1 << 24)
    feed.append(numbers(1, 30_000))
    expect(feed.log.end).toBeGreaterThan(feedAllowanceChars)
    // Far behind: the read waits for the pace.
    const read = feed.read(0, 0, 10_000)
    expect(await settled(read)).toBe(false)
    feed.append(numbers(30_001, 100))
    feed.commandExited(true)
    // The command has exited, the run has not ended: still no answer.
    expect(await settled(read)).toBe(false)
    feed.append('a note of the run\r\n')
    feed.end()
    const chunk: RunFeedChunk = await read
    expect(chunk.ended).toBe(true)
    expect(chunk.data.endsWith('30099\r\n30100\r\na note of the run\r\n')).toBe(true)
    const shown = chunk.data.split('\r\n').filter((l) => /^\d+$/.test(l))
    expect(chunk.skippedLines).toBe(Number(shown[0]) - 1)
    expect(chunk.next).toBe(feed.log.end)
    // A read that comes after the last command exited waits for the end as well.
    const late = new RunFeed(1 << 24)
    late.append(numbers(1, 10))
    late.commandExited(true)
    const caughtUp = late.read(late.log.end, 10, 10_000)
    expect(await settled(caughtUp)).toBe(false)
    late.end()
    expect(await caughtUp).toMatchObject({ data: '', skippedLines: 0, ended: true })
  })

  it('when another command follows, a window far behind gets the last lines at once, without the end', async () => {
    const feed = new RunFeed(1 << 24)
    feed.append(numbers(1, 30_000))
    const read = feed.read(0, 0, 10_000)
    expect(await settled(read)).toBe(false)
    feed.commandExited(false)
    const chunk = await read
    expect(chunk.ended).toBe(false)
    expect(chunk.skippedLines).toBeGreaterThan(20_000)
    expect(chunk.data.endsWith('29999\r\n30000\r\n')).toBe(true)
  })

  it('a window that skips gets no more lines than its terminal has rows, and the count of the rest', async () => {
    const feed = new RunFeed(1 << 24)
    feed.rows = 5
    feed.append(numbers(1, 30_000))
    feed.end()
    const chunk = await feed.read(0, 0, 10_000)
    expect(chunk.data).toBe(numbers(29_996, 5))
    expect(chunk.skippedLines).toBe(29_995)
    // A last line without its newline yet (a prompt) is one of them.
    const prompt = new RunFeed(1 << 24)
    prompt.rows = 3
    prompt.append(numbers(1, 30_000) + 'password: ')
    prompt.end()
    const asked = await prompt.read(0, 0, 10_000)
    expect(asked.data).toBe('29999\r\n30000\r\npassword: ')
    expect(asked.skippedLines).toBe(29_998)
  })
})
