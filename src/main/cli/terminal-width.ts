// How many columns a text takes in a terminal, and the text cut to fit a width. A status line
// rewritten in place must never wrap: "\r" returns to the start of the last row only, so a wrapped
// line leaves its first row behind at every rewrite. Counted per grapheme (what a terminal draws
// as one character): CJK and emoji take two columns, combining marks and joiners none.

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/**
 * East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block, as wcwidth
 * has them); emoji are told by their presentation instead, below.
 */
const wideRanges: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo
  [0x2e80, 0x303e], // CJK radicals, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x18aff], // Tangut and ideographic symbols
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x20000, 0x3fffd], // CJK extensions B and later
]

function isWide(codePoint: number): boolean {
  return wideRanges.some(([from, to]) => codePoint >= from && codePoint <= to)
}

/** Columns of one grapheme: 0, 1 or 2. */
function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0)!
  // A lone combining mark, a zero-width space or joiner, a control: nothing is drawn.
  if (/^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u.test(grapheme)) return 0
  if (isWide(first)) return 2
  // An emoji drawn as a picture: by default (😀, flags), or asked for with VS16 (❤️).
  if (/\p{Emoji_Presentation}/u.test(grapheme)) return 2
  if (grapheme.includes('\ufe0f') && /\p{Extended_Pictographic}/u.test(grapheme)) return 2
  return 1
}

/** The columns `text` takes (text without control characters or escape sequences). */
export function displayWidth(text: string): number {
  let width = 0
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment)
  return width
}

/** `text` when it fits in `columns`; else as much as fits before a "…", cut between graphemes. */
export function fitToWidth(text: string, columns: number): string {
  if (columns <= 0) return ''
  if (displayWidth(text) <= columns) return text
  let kept = ''
  let width = 0
  for (const { segment } of segmenter.segment(text)) {
    const next = graphemeWidth(segment)
    if (width + next > columns - 1) break
    kept += segment
    width += next
  }
  return `${kept}…`
}
