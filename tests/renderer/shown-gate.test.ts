// A terminal in an area that is not shown (the Rebuild area stays mounted, hidden, while another
// area is open) reads no output until it is on screen again.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { shownGate } from '../../src/renderer/src/areas/rebuild/shown-gate'

/** An IntersectionObserver the test drives: `report(shown)` is the browser's report. */
class FakeObserver {
  static last: FakeObserver | null = null
  disconnected = false
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {
    FakeObserver.last = this
  }
  observe() {}
  disconnect() {
    this.disconnected = true
  }
  report(isIntersecting: boolean) {
    this.callback([{ isIntersecting }])
  }
}

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => (done = true))
  await new Promise((r) => setTimeout(r, 0))
  return done
}

describe('a terminal that is not on screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('waits to read until it is on screen again, and not once it is', async () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver)
    const gate = shownGate(document.createElement('div'))
    const observer = FakeObserver.last!
    expect(await settled(gate.wait())).toBe(true)
    observer.report(false)
    const waiting = gate.wait()
    expect(await settled(waiting)).toBe(false)
    observer.report(true)
    expect(await settled(waiting)).toBe(true)
    expect(await settled(gate.wait())).toBe(true)
    // Hidden again, then the terminal goes away: a waiting read goes on (to find it stopped).
    observer.report(false)
    const last = gate.wait()
    gate.dispose()
    expect(observer.disconnected).toBe(true)
    expect(await settled(last)).toBe(true)
  })
})
