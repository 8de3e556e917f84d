import { useQueries } from '@tanstack/react-query'
import { isStale } from '../../../../shared/lockfile/input-age'
import type { InputRow } from '../../../../shared/lockfile/input-tree'
import type { UpstreamDistance } from '../../../../shared/lockfile/schemas'
import { call } from '../../api/client'
import { useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { canPin } from './input-tree-view'

/** One answer per input and locked revision, so a pin or an update asks again. */
const distanceKey = (repo: string, name: string, lockedRev: string | null) => [
  ...keys.upstreamDistance(repo, name),
  lockedRev,
]

/** Whether upstream can be asked about this input: one of the flake's own, from a repository. */
export function hasUpstream(row: Pick<InputRow, 'follows' | 'depth' | 'type' | 'lockedRev'>) {
  return canPin(row) && row.lockedRev !== null
}

/**
 * Stale: locked longer ago than the threshold, unless it is at upstream's newest commit, where
 * nothing newer exists to take. While upstream is unknown (not asked, not answered, not
 * comparable) the age alone speaks.
 */
export function isStaleInput(
  row: Parameters<typeof isStale>[0],
  staleDays: number,
  nowMs: number,
  distance: UpstreamDistance | null,
): boolean {
  return isStale(row, staleDays, nowMs) && distance?.behind !== 0
}

/**
 * How far the input's lock is behind its branch upstream (from the core's cached clone), or
 * null while unknown or not comparable (a tag, no network): then only the lock's age speaks.
 * `lockedRev` is part of the key, so a pin or an update asks again.
 */
export function useUpstreamDistance(
  repo: string,
  name: string,
  lockedRev: string | null,
  enabled: boolean,
): UpstreamDistance | null {
  const query = useCoreQuery(
    distanceKey(repo, name, lockedRev),
    'inputs.upstreamDistance',
    { repo, name },
    { enabled: enabled && lockedRev !== null },
  )
  return enabled && lockedRev !== null ? (query.data ?? null) : null
}

/**
 * The rows that are stale by isStaleInput: upstream is asked only about the inputs old enough
 * to be stale by age (the same answers the details show), so a fresh lock costs no fetch.
 */
export function useStaleInputs(
  repo: string,
  rows: readonly InputRow[],
  staleDays: number,
  nowMs: number,
): ReadonlySet<string> {
  const old = rows.filter((row) => isStale(row, staleDays, nowMs))
  const asked = old.filter(hasUpstream)
  const answers = useQueries({
    queries: asked.map((row) => ({
      queryKey: distanceKey(repo, row.id, row.lockedRev),
      queryFn: () => call('inputs.upstreamDistance', { repo, name: row.id }),
    })),
  })
  const distances = new Map(asked.map((row, i) => [row.id, answers[i]?.data ?? null]))
  return new Set(
    old
      .filter((row) => isStaleInput(row, staleDays, nowMs, distances.get(row.id) ?? null))
      .map((row) => row.id),
  )
}

/** "12 commits behind nixos-unstable", "at the newest commit of main". */
export function distanceText(d: UpstreamDistance): string {
  const branch = d.branch ?? 'its branch'
  if (d.behind === 0 && d.ahead === 0) return `at the newest commit of ${branch}`
  if (d.behind === 0) return `${d.ahead} commit${d.ahead === 1 ? '' : 's'} ahead of ${branch}`
  return `${d.behind} commit${d.behind === 1 ? '' : 's'} behind ${branch}`
}
