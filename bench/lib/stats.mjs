// The figures of a benchmark: cases measured in interleaved rounds, so load on the machine hits
// all of them alike, and the median, min and max of what they measured.

export const round1 = (v) => Math.round(v * 10) / 10
export const round2 = (v) => Math.round(v * 100) / 100

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Median, min and max (to a tenth) and the number of runs. */
export function stats(values) {
  return {
    median: round1(median(values)),
    min: round1(Math.min(...values)),
    max: round1(Math.max(...values)),
    runs: values.length,
  }
}

/**
 * Runs each case once unmeasured (disk caches, like a user's second try), then `rounds` rounds
 * of all cases in an order that rotates from round to round. Returns each case's figures by id.
 * @param {{ id: string, run: () => number | Promise<number> }[]} cases
 * @param {{ afterWarmUp?: () => void, afterRound?: (round: number) => void }} [hooks]
 */
export async function interleavedRounds(cases, rounds, { afterWarmUp, afterRound } = {}) {
  const samples = Object.fromEntries(cases.map((c) => [c.id, []]))
  for (const c of cases) await c.run()
  afterWarmUp?.()
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round) % cases.length]
      samples[c.id].push(await c.run())
    }
    afterRound?.(round)
  }
  return samples
}

/** The label column, then median, min and max in ms (and runs), one row per measured case. */
export function printTable(rows) {
  const pad = (text, width) => String(text).padEnd(width)
  const num = (v) => `${v.toFixed(1)} ms`.padStart(10)
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2
  process.stdout.write(
    `\n${pad('', labelWidth)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}  runs\n`,
  )
  for (const r of rows) {
    process.stdout.write(
      `${pad(r.label, labelWidth)}${num(r.median)}${num(r.min)}${num(r.max)}  ${String(r.runs).padStart(4)}\n`,
    )
  }
}
