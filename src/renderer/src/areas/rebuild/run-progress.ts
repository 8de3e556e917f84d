// The followed run's progress, outside React state: nix reports it up to ten times a second, and
// kept in the session's state each report re-rendered the whole Rebuild area (controls, command,
// settings, terminal, history) on a machine whose cores the build needs. Only the progress panel
// subscribes to it, so a report re-renders that panel alone, and at most every renderIntervalMs:
// the reports in between are folded into the next (the newest always shows).
import { useSyncExternalStore } from 'react'
import type { RebuildProgress } from '../../../../shared/rebuild/types'

/**
 * Least time between two re-renders of the panel for the same run: a counter or a build's last
 * line that changes twice a second reads as well as ten times, and each redraw of the page takes
 * CPU from the build on a 2-core machine. Redraws fall on multiples of it on the wall clock, as
 * the panel's clock ticks do (ProgressPanel), so both are drawn in one frame.
 */
export const renderIntervalMs = 500

/** Milliseconds until the next multiple of `intervalMs` on the wall clock (the shared beat). */
export function untilBeat(intervalMs: number, now = Date.now()): number {
  return intervalMs - (now % intervalMs)
}

export interface ProgressStore {
  get(): RebuildProgress | null
  /** A report of the run followed: shown once the interval since the last is over. */
  set(progress: RebuildProgress | null): void
  /** Another run is followed (or none): its progress shows at once. */
  reset(progress: RebuildProgress | null): void
  subscribe(listener: () => void): () => void
}

export function createProgressStore(intervalMs = renderIntervalMs): ProgressStore {
  let current: RebuildProgress | null = null
  /** What the panel shows (it lags `current` by less than intervalMs). */
  let shown: RebuildProgress | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const listeners = new Set<() => void>()
  const show = () => {
    timer = null
    if (shown === current) return
    shown = current
    for (const listener of [...listeners]) listener()
  }
  return {
    get: () => shown,
    set(progress) {
      if (progress === current) return
      current = progress
      if (timer) return
      timer = setTimeout(show, untilBeat(intervalMs))
    },
    reset(progress) {
      if (timer) clearTimeout(timer)
      current = progress
      show()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The store's progress; re-renders the caller (and only it) when a report comes. */
export function useRunProgress(store: ProgressStore): RebuildProgress | null {
  return useSyncExternalStore(store.subscribe, store.get)
}
