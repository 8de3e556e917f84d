// When something happened, relative to now: "3 days ago", "in 2 hours". The same words in the app
// and in the `flakedeck` command.

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]
// Made on first use: building it loads ICU's locale data, about 18 ms, which a command that
// prints JSON (and imports this with its table format) should not pay.
let format: Intl.RelativeTimeFormat | null = null

/** "3 days ago", "yesterday", "just now" for a millisecond timestamp. */
export function relativeTime(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000)
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      format ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
      return format.format(Math.round(seconds / size), unit)
    }
  }
  return 'just now'
}
