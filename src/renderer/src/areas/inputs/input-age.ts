// How old a locked input is, in words, and whether it counts as stale under the user's threshold.
import type { InputRow } from '../../../../shared/lockfile/input-tree'

const secondsPerDay = 86_400

export { formatAge } from '../../../../shared/lockfile/input-age'

/**
 * Whether an input is locked to a revision older than `thresholdDays` at `nowMs`: the rule the
 * core applies, computed here so a new threshold shows at once. Follows rows are never stale
 * themselves; the input they follow is.
 */
export function isStale(
  row: Pick<InputRow, 'follows' | 'lastModified'>,
  thresholdDays: number,
  nowMs: number,
): boolean {
  if (row.follows !== null || row.lastModified === null) return false
  return nowMs / 1000 - row.lastModified > thresholdDays * secondsPerDay
}

/** The threshold the user typed, if it is one the settings accept (whole days, 1 to 3650). */
export function parseThreshold(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const days = Number(text.trim())
  return days >= 1 && days <= 3650 ? days : null
}
