// Fuzzy matching for quick open and the command palette, as VS Code users expect: the query's
// characters in order (not necessarily adjacent), case-insensitive, spaces ignored; matches at
// the start of a word or path segment and runs of adjacent characters rank first, and a match in
// the file name beats one spread over folders.

export interface FuzzyMatch {
  score: number
  /** Indexes into the text of the matched characters, for highlighting. */
  positions: number[]
}

const separators = new Set(['/', '\\', '.', '-', '_', ' ', ':'])

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true
  const previous = text[index - 1]!
  if (separators.has(previous)) return true
  // camelCase: a capital after a lower-case letter starts a word.
  const char = text[index]!
  return previous.toLowerCase() === previous && char.toUpperCase() === char && char !== previous
}

let buffers = { score: new Float64Array(1024), back: new Int32Array(1024) }

function scratch(size: number): typeof buffers {
  if (buffers.score.length < size) {
    buffers = { score: new Float64Array(size * 2), back: new Int32Array(size * 2) }
  }
  return buffers
}

/**
 * Scores `text` against `query`, or returns null when the query's characters do not all occur in
 * order. Each query character takes the best-scoring place (dynamic programming over positions),
 * so `dn` in `hosts/desktop/default.nix` matches the `d` of `default` and the `n` of `nix`
 * rather than the first `d` and `n` seen.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, '').toLowerCase()
  if (q.length === 0) return { score: 0, positions: [] }
  const lower = text.toLowerCase()
  const n = text.length
  const m = q.length
  if (m > n) return null
  const nameStart = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1

  // Most texts fail here cheaply: the query's characters in order at all?
  for (let i = 0, j = 0; i < m; i++, j++) {
    j = lower.indexOf(q[i]!, j)
    if (j < 0) return null
  }
  const exactQuery = query.replace(/\s+/g, '')

  // best[i][j]: best score with query[0..i] matched and query[i] at text[j]; -Infinity if none.
  // A gap costs 0.2 per skipped character up to 10, so anything further back than that costs
  // the same: a running maximum covers it, and only the last 11 places are compared one by one.
  // Rows live in two buffers reused across calls: quick open scores every file per keystroke.
  const { score: best, back: from } = scratch(m * n)
  for (let i = 0; i < m; i++) {
    const row = best.subarray(i * n, (i + 1) * n).fill(-Infinity)
    const back = from.subarray(i * n, (i + 1) * n).fill(-1)
    const previous = i > 0 ? best.subarray((i - 1) * n, i * n) : null
    let farBest = -Infinity
    let farIndex = -1
    for (let j = i; j < n; j++) {
      if (previous) {
        const k = j - 12 // leaves the window of compared places now
        if (k >= 0 && previous[k]! > farBest) {
          farBest = previous[k]!
          farIndex = k
        }
      }
      if (lower[j] !== q[i]) continue
      let charScore = 1
      if (isWordStart(text, j)) charScore += 8
      if (j >= nameStart) charScore += 2
      if (text[j] === exactQuery[i]) charScore += 0.5
      if (!previous) {
        row[j] = charScore - Math.min(j, 20) * 0.05
        continue
      }
      let bestPrevious = farBest - 2
      let bestIndex = farIndex
      for (let k = Math.max(0, j - 11); k < j; k++) {
        if (previous[k] === -Infinity) continue
        const gap = j - k - 1
        const value = previous[k]! + (gap === 0 ? 6 : -gap * 0.2)
        if (value > bestPrevious) {
          bestPrevious = value
          bestIndex = k
        }
      }
      if (bestIndex < 0) continue
      row[j] = bestPrevious + charScore
      back[j] = bestIndex
    }
  }
  const last = best.subarray((m - 1) * n, m * n)
  let end = -1
  for (let j = 0; j < n; j++) if (last[j]! > (end < 0 ? -Infinity : last[end]!)) end = j
  if (end < 0 || last[end] === -Infinity) return null
  const positions: number[] = []
  for (let i = m - 1, j = end; i >= 0; i--) {
    positions.unshift(j)
    j = from[i * n + j]!
  }
  // Shorter texts win ties: `flake.nix` before `modules/flake-parts/flake.nix` for `flake.nix`.
  return { score: last[end]! - n * 0.01, positions }
}

/** The items matching `query`, best first (ties keep their order); all of them for no query. */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  textOf: (item: T) => string,
  limit = Infinity,
): { item: T; match: FuzzyMatch }[] {
  const matched: { item: T; match: FuzzyMatch; index: number }[] = []
  items.forEach((item, index) => {
    const match = fuzzyMatch(query, textOf(item))
    if (match) matched.push({ item, match, index })
  })
  if (query.trim()) matched.sort((a, b) => b.match.score - a.match.score || a.index - b.index)
  return matched.slice(0, limit).map(({ item, match }) => ({ item, match }))
}
