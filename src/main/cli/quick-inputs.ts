// The quick path of `flakedeck inputs`, built as one file of its own (electron.vite.config.ts) and
// tried first by the command line (index.ts): the command with its settings from the snapshot
// beside the database, so neither SQLite nor the rest of the command line loads. Null, before
// anything ran, when only the database can give the settings.
import { failureCode } from './failure'
import { runInputs } from './inputs-command'
import type { CliIo } from './io'
import { settingsWithoutDatabase } from './stored-settings'

export async function runQuick(argv: string[], io: CliIo): Promise<number | null> {
  try {
    return await runInputs(argv, io, async (dataDir) => settingsWithoutDatabase(dataDir))
  } catch (error) {
    return failureCode('inputs', error, io)
  }
}
