// How old a locked input is, in words: the same in the app and in `flakedeck inputs`.

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
