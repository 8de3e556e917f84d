// File names handed to one program run are limited by the system (ARG_MAX, about 2 MiB with the
// environment on Linux): a long list goes in several runs, in its order.

/** Characters of file names per run: far below the limit, and few runs for a big repo. */
const batchChars = 128 * 1024

/**
 * `paths` in runs of at most `batchChars` characters. With `firstFiles`, the first run takes that
 * many files and each next one four times more: a search that fills its cap in the first files
 * (a pattern like `e`) stops after a small run, and a rare pattern over a big repo still needs
 * only a few runs.
 */
export function* pathBatches(
  paths: readonly string[],
  firstFiles = Number.POSITIVE_INFINITY,
): Generator<string[]> {
  let batch: string[] = []
  let size = 0
  let maxFiles = firstFiles
  for (const path of paths) {
    if (batch.length > 0 && (size + path.length > batchChars || batch.length >= maxFiles)) {
      yield batch
      batch = []
      size = 0
      maxFiles *= 4
    }
    batch.push(path)
    size += path.length + 1
  }
  if (batch.length > 0) yield batch
}
