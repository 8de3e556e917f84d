// How old a locked input is, in words, and whether it counts as stale under the user's threshold.
import type { InputRow } from '../../../../shared/lockfile/input-tree'

const secondsPerDay = 86_400

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** "today", "5 days", "3 weeks", "4 months", "2 years 1 month". */
export function formatAge(days: number | null): string {
  if (days === null) return ''
  if (days < 1) return 'today'
  if (days < 14) return plural(days, 'day')
  if (days < 60) return plural(Math.floor(days / 7), 'week')
  if (days < 365) return plural(Math.floor(days / 30), 'month')
  const years = Math.floor(days / 365)
  const months = Math.floor((days - years * 365) / 30)
  return months > 0 ? `${plural(years, 'year')} ${plural(months, 'month')}` : plural(years, 'year')
}

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
