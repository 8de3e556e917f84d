// The followed run's progress, outside React state: nix reports it up to ten times a second, and
// kept in the session's state each report re-rendered the whole Rebuild area (controls, command,
// settings, terminal, history) on a machine whose cores the build needs. Only the progress panel
// subscribes to it, so a report re-renders that panel alone.
import { useSyncExternalStore } from 'react'
import type { RebuildProgress } from '../../../../shared/rebuild/types'

export interface ProgressStore {
  get(): RebuildProgress | null
  set(progress: RebuildProgress | null): void
  subscribe(listener: () => void): () => void
}

export function createProgressStore(): ProgressStore {
  let current: RebuildProgress | null = null
  const listeners = new Set<() => void>()
  return {
    get: () => current,
    set(progress) {
      if (progress === current) return
      current = progress
      for (const listener of [...listeners]) listener()
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
