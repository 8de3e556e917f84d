// File names handed to one program run are limited by the system (ARG_MAX, about 2 MiB with the
// environment on Linux): a long list goes in several runs, in its order.

/** Characters of file names per run: far below the limit, and few runs for a big repo. */
const batchChars = 128 * 1024

export function* pathBatches(paths: readonly string[]): Generator<string[]> {
  let batch: string[] = []
  let size = 0
  for (const path of paths) {
    if (batch.length > 0 && size + path.length > batchChars) {
      yield batch
      batch = []
      size = 0
    }
    batch.push(path)
    size += path.length + 1
  }
  if (batch.length > 0) yield batch
}
