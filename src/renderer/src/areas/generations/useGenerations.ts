// Data for the Generations area, read through the query layer (data/): the timeline of the
// viewed profile, the comparison of the chosen pair, a generation's activation plan, and the
// config source diff between two commits. Each read is a query under its key, so a slow nix call
// answers only for what it was asked about, and the core's events (generations.changed,
// settings.changed) read again what they changed.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { MethodOutput } from '../../../../shared/contract'
import { isAppErrorData } from '../../../../shared/errors'
import { errorData } from '../../api/client'
import { invalidate, problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { useSettings } from '../../data/useSettings'
import type { Pair } from './generations-view'

/** The timeline of the profile the settings name, and that profile; `reload` reads it again. */
export function useTimeline() {
  const client = useQueryClient()
  const { settings, change } = useSettings()
  const timeline = useCoreQuery(keys.timeline('viewed'), 'generations.list', {})
  const reload = useCallback(() => {
    void invalidate(client, { queryKey: keys.generations() })
  }, [client])
  /**
   * Shows another profile (the viewed-profile setting; never the one rebuilds write). The new
   * settings make the viewed profile's reads stale (data/settings-cache.ts).
   */
  const setProfile = useCallback(
    async (profilePath: string) => {
      await change({ profilePath })
    },
    [change],
  )
  const failed = timeline.isError && !timeline.isFetching
  return {
    /** The timeline (while reading again, the previous one); null after a failure. */
    timeline: failed ? null : (timeline.data ?? null),
    error: failed ? problemOf(timeline.error) : null,
    loading: timeline.isFetching,
    /** When the shown timeline was read: the "now" its relative dates are counted from. */
    readAt: timeline.dataUpdatedAt,
    profilePath: settings?.profilePath ?? null,
    rebuildMode: settings?.rebuildMode ?? null,
    reload,
    setProfile,
  }
}

/** The comparison of a pair of the viewed profile's generations (null: none asked). */
export function useComparison(pair: Pair | null) {
  const query = useCoreQuery(
    keys.comparison('viewed', pair?.from ?? -1, pair?.to ?? -1),
    'generations.compare',
    { before: pair?.from ?? 0, after: pair?.to ?? 0 },
    { enabled: pair !== null },
  )
  return {
    comparison: pair ? (query.data ?? null) : null,
    error: pair ? problemOf(query.error) : null,
    loading: pair !== null && query.isPending,
  }
}

/**
 * The commands that would switch to generation `number` and activate it, or why it cannot be
 * activated. Serves the contract's `generations.activationPlan`; the app calls this a switch.
 */
export function useSwitchPlan(number: number) {
  const query = useCoreQuery(keys.switchPlan('viewed', number), 'generations.activationPlan', {
    number,
    action: 'switch',
  })
  const answer: MethodOutput<'generations.activationPlan'> | undefined = query.data
  return {
    activation: answer && 'plan' in answer ? answer : null,
    error: answer && 'refused' in answer ? refusal(answer.refused) : problemOf(query.error),
    loading: query.isPending,
  }
}

/** The core's reason as the page's error data (an unknown code reads as an internal one). */
function refusal(data: { code: string; message: string; hint?: string; details?: string }) {
  return isAppErrorData(data) ? data : errorData(new Error(data.message))
}

/** The config source diff between two commits of the open repo (null: none asked). */
export function useSourceDiff(repo: string, revisions: { from: string; to: string } | null) {
  const query = useCoreQuery(
    keys.sourceDiff(repo, revisions?.from ?? '', revisions?.to ?? ''),
    'generations.sourceDiff',
    { repo, from: revisions?.from ?? '', to: revisions?.to ?? '' },
    { enabled: revisions !== null },
  )
  return {
    diff: revisions ? (query.data ?? null) : null,
    error: revisions ? problemOf(query.error) : null,
    loading: revisions !== null && query.isPending,
  }
}
