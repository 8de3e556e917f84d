// The quick path of `flakedeck inputs`, built as one file of its own (electron.vite.config.ts) and
// tried first by the launchers (bin/flakedeck.js, index.ts): the command with its settings from
// the snapshot beside the database, so neither SQLite nor the rest of the command line loads.
// Null, before anything ran, when only the database can give the settings.
import { runInputs } from './inputs-command'
import { quickCommand, quickMain } from './quick'
import { settingsWithoutDatabase } from './stored-settings'

export const runQuick = quickCommand('inputs', (argv, io) =>
  runInputs(argv, io, async (dataDir) => settingsWithoutDatabase(dataDir)),
)
export const main = quickMain(runQuick)
