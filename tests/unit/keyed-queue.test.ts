// One task at a time per key (the lock changes of a flake, a cached clone, a repo's index),
// tasks of other keys alongside, and a failed task never blocks the ones after it.
import { describe, expect, it } from 'vitest'
import { KeyedQueue } from '../../src/main/services/keyed-queue'

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('keyed queue', () => {
  it('runs tasks of one key in order, each after the one before has settled', async () => {
    const queue = new KeyedQueue()
    const log: string[] = []
    const first = gate()
    const a = queue.run('repo', async () => {
      log.push('a starts')
      await first.opened
      log.push('a ends')
      return 'a'
    })
    const b = queue.run('repo', async () => {
      log.push('b starts')
      return 'b'
    })
    await new Promise((r) => setTimeout(r, 10))
    expect(log).toEqual(['a starts'])
    first.open()
    expect(await Promise.all([a, b])).toEqual(['a', 'b'])
    expect(log).toEqual(['a starts', 'a ends', 'b starts'])
  })

  it('runs tasks of other keys alongside', async () => {
    const queue = new KeyedQueue()
    const held = gate()
    const slow = queue.run('one', () => held.opened.then(() => 'one'))
    expect(await queue.run('two', async () => 'two')).toBe('two')
    held.open()
    expect(await slow).toBe('one')
  })

  it('a failed task fails its own caller only; the next one still runs', async () => {
    const queue = new KeyedQueue()
    const failed = queue.run('repo', async () => {
      throw new Error('index.lock')
    })
    const next = queue.run('repo', async () => 'ran')
    await expect(failed).rejects.toThrow('index.lock')
    expect(await next).toBe('ran')
  })
})
