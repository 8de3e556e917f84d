import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  compressAtOnceChars,
  recordEnd,
  succeededOutcome,
} from '../../../src/main/services/rebuild/run-outcome'
import { RunLog } from '../../../src/main/services/rebuild/run-log'
import type { RunEnd, RunStore } from '../../../src/main/services/rebuild/run-store'

/** A store that keeps the one end it is given and has no record to read back. */
function storeKeepingEnd() {
  const kept: { end: RunEnd | null } = { end: null }
  const store = {
    finish: (_id: number, end: RunEnd) => {
      kept.end = end
    },
    get: () => null,
  } as unknown as RunStore
  return { store, kept }
}

const run = {
  id: 7,
  repo: '/repo',
  input: {
    repo: '/repo',
    host: 'demo',
    action: 'switch' as const,
    mode: 'profile' as const,
    profilePath: '/profiles/system',
    sudo: false,
    extraArgs: [],
    customCommand: null,
    structuredLog: true,
    confirmBeforeActivate: false,
  },
  startedAt: 1,
}

function logOf(text: string): RunLog {
  const log = new RunLog(Number.MAX_SAFE_INTEGER)
  log.append(text)
  return log
}

const outcome = {
  ...succeededOutcome('Switched.', { storePath: null, generation: null }),
  commands: [],
}

describe('recordEnd', () => {
  it("writes a small run's end at once, before the thread pool could answer", async () => {
    const { store, kept } = storeKeepingEnd()
    const text = 'building…\r\nswitch-to-configuration: switch\r\n'
    const ended = recordEnd(store, run, outcome, logOf(text), () => 2)
    // Only promise reactions run before this: a compression off the main thread is not done.
    await new Promise((resolve) => setImmediate(resolve))
    expect(kept.end).not.toBeNull()
    expect(gunzipSync(kept.end!.compressedOutput).toString('utf8')).toBe(text)
    expect((await ended).statusText).toBe('Switched.')
  })

  it('compresses a large output off the main thread, all of it', async () => {
    const { store, kept } = storeKeepingEnd()
    const text = 'x'.repeat(compressAtOnceChars) + '\r\nthe end\r\n'
    await recordEnd(store, run, outcome, logOf(text), () => 2)
    expect(gunzipSync(kept.end!.compressedOutput).toString('utf8')).toBe(text)
  })
})
