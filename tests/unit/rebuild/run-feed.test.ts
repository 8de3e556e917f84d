// A run's feed as windows read it: a window far behind waits for the pace, a command that ends
// sends the last lines, and after the run's last command they come with the end in one answer.
import { describe, expect, it } from 'vitest'
import {
  feedAllowanceChars,
  RunFeed,
  type RunFeedChunk,
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
