// The followed run's state as the page draws it: a small switch goes through five phases in 150
// ms (starting, evaluating, building, setting the profile, activating), and each phase drawn is a
// render of the Rebuild area and a frame of the page's, on the cores nix works with, for a word
// nobody can read in 30 ms. A run's first state, a wait for the user (confirmation) and its end
// show at once; a phase that follows another within phaseIntervalMs shows when the interval is
// over, unless a newer one has come meanwhile (the newest always shows).
import type { RebuildState } from '../../../../shared/rebuild/types'

/** Least time between two phases drawn for the same run. */
export const phaseIntervalMs = 100

/** Phases that show at once: the user waits for them or must act on them. */
function urgent(state: RebuildState): boolean {
  return (
    state.phase === 'starting' ||
    state.phase === 'awaiting-confirmation' ||
    state.phase === 'finished'
  )
}

export interface PhasePacer {
  /** A state of the run followed; `show` gets it now or once the interval is over. */
  push(state: RebuildState): void
  /** Another run is followed (or none): nothing pending is shown, the next state shows at once. */
  reset(): void
}

export function createPhasePacer(
  show: (state: RebuildState) => void,
  intervalMs = phaseIntervalMs,
  now: () => number = () => performance.now(),
): PhasePacer {
  let shownAt = -Infinity
  let pending: RebuildState | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  const showNow = (state: RebuildState) => {
    cancel()
    shownAt = now()
    show(state)
  }
  return {
    push(state) {
      const wait = shownAt + intervalMs - now()
      if (urgent(state) || wait <= 0) {
        showNow(state)
        return
      }
      pending = state
      timer ??= setTimeout(() => {
        const next = pending
        timer = null
        if (next) showNow(next)
      }, wait)
    },
    reset() {
      cancel()
      shownAt = -Infinity
    },
  }
}
