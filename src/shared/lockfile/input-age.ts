// How old a locked input is: in words, and whether it counts as stale under the user's threshold.
// The one place for both, used by the lock tree (core), the Inputs area and `flakedeck inputs`.
import { plural } from '../plural'

const secondsPerDay = 86_400

/** The threshold until the user sets one (settings.inputAgeWarningDays). */
export const defaultStaleAfterDays = 90
/** The thresholds the settings accept: whole days in this range. */
export const staleAfterDaysLimits = { min: 1, max: 3650 } as const

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

/** Whole days since `lastModified` (epoch seconds) at `nowMs`; null without a date. */
export function ageInDays(lastModified: number | null, nowMs: number): number | null {
  if (lastModified === null) return null
  return Math.max(0, Math.floor((nowMs / 1000 - lastModified) / secondsPerDay))
}

/**
 * Whether an input is locked to a revision older than `staleAfterDays` at `nowMs`, to the
 * second. Follows rows are never stale themselves; the input they follow is.
 */
export function isStale(
  row: { follows: string | readonly string[] | null; lastModified: number | null },
  staleAfterDays: number,
  nowMs: number,
): boolean {
  if (row.follows !== null || row.lastModified === null) return false
  return nowMs / 1000 - row.lastModified > staleAfterDays * secondsPerDay
}

/** Whether `value` is a threshold the settings accept. */
export function isStaleAfterDays(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= staleAfterDaysLimits.min &&
    value <= staleAfterDaysLimits.max
  )
}

/** The threshold the user typed, if it is one the settings accept. */
export function parseStaleAfterDays(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const days = Number(text.trim())
  return isStaleAfterDays(days) ? days : null
}
