// Counted nouns in messages: "1 input", "3 inputs", "1,204 store paths". English only, as the
// rest of the app.

/** The noun for `count`: `one` for exactly 1, else `many` (by default `one` + "s"). */
export function pluralWord(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many
}

/** The count with thousands separators and its noun; `many` for irregular forms. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${pluralWord(count, one, many)}`
}
