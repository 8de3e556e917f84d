// The quick path of `flakedeck generations`, built as one file of its own (electron.vite.config.ts)
// and tried first by the command line (index.ts): the listing from the file system and the
// snapshot of the database's facts (generations-snapshot.ts), without SQLite. Null, with nothing
// printed, when only the database can answer.
import { failureCode } from './failure'
import { runGenerations } from './generations-command'
import { listFromSnapshot } from './generations-snapshot'
import type { CliIo } from './io'

export async function runQuick(argv: string[], io: CliIo): Promise<number | null> {
  try {
    return await runGenerations(argv, io, (dataDir, _env, profile) =>
      listFromSnapshot(dataDir, profile),
    )
  } catch (error) {
    return failureCode('generations', error, io)
  }
}
