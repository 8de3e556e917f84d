// A small switch passes five phases in 150 ms: each drawn was a render of the Rebuild area and a
// frame of the page's while nix worked. Phases closer than phaseIntervalMs are folded (the newest
// shows); the first, a wait for confirmation and the end show at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stateIn } from './rebuild-fixtures'
import { createPhasePacer, phaseIntervalMs } from '../../src/renderer/src/areas/rebuild/phase-pacer'

describe('the phases of a run as the page draws them', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const pacer = () => {
    const shown: string[] = []
    const pace = createPhasePacer((state) => shown.push(state.phase), phaseIntervalMs, Date.now)
    return { shown, pace }
  }

  it('draws a small switch as its start, one phase in between and its end', () => {
    const { shown, pace } = pacer()
    pace.push(stateIn('starting'))
    expect(shown).toEqual(['starting'])
    for (const phase of ['evaluating', 'building', 'setting-profile', 'activating'] as const) {
      vi.advanceTimersByTime(30)
      pace.push(stateIn(phase))
    }
    // 120 ms after the start: the newest phase at the end of the interval (100 ms) showed then;
    // activating (120 ms) waits for the next.
    expect(shown).toEqual(['starting', 'setting-profile'])
    vi.advanceTimersByTime(30)
    pace.push(stateIn('finished'))
    expect(shown).toEqual(['starting', 'setting-profile', 'finished'])
    // Nothing left over shows after the end.
    vi.advanceTimersByTime(phaseIntervalMs * 3)
    expect(shown).toEqual(['starting', 'setting-profile', 'finished'])
  })

  it('shows a phase that waits out the interval once it is over, the newest of those pending', () => {
    const { shown, pace } = pacer()
    pace.push(stateIn('starting'))
    vi.advanceTimersByTime(10)
    pace.push(stateIn('evaluating'))
    vi.advanceTimersByTime(10)
    pace.push(stateIn('building'))
    expect(shown).toEqual(['starting'])
    vi.advanceTimersByTime(phaseIntervalMs - 20)
    expect(shown).toEqual(['starting', 'building'])
  })

  it('shows a wait for confirmation at once', () => {
    const { shown, pace } = pacer()
    pace.push(stateIn('starting'))
    vi.advanceTimersByTime(5)
    pace.push(stateIn('building'))
    pace.push(stateIn('awaiting-confirmation'))
    expect(shown).toEqual(['starting', 'awaiting-confirmation'])
    vi.advanceTimersByTime(phaseIntervalMs)
    expect(shown).toEqual(['starting', 'awaiting-confirmation'])
  })

  it('phases of a long run each show when they come', () => {
    const { shown, pace } = pacer()
    pace.push(stateIn('starting'))
    vi.advanceTimersByTime(2_000)
    pace.push(stateIn('evaluating'))
    vi.advanceTimersByTime(30_000)
    pace.push(stateIn('building'))
    expect(shown).toEqual(['starting', 'evaluating', 'building'])
  })

  it('after a reset (another run followed) nothing pending shows and the next state shows at once', () => {
    const { shown, pace } = pacer()
    pace.push(stateIn('starting'))
    vi.advanceTimersByTime(10)
    pace.push(stateIn('building'))
    pace.reset()
    vi.advanceTimersByTime(phaseIntervalMs)
    expect(shown).toEqual(['starting'])
    pace.push(stateIn('evaluating'))
    expect(shown).toEqual(['starting', 'evaluating'])
  })
})
