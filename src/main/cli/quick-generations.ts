// The quick path of `flakedeck generations`, built as one file of its own (electron.vite.config.ts)
// and tried first by the launchers (bin/flakedeck.js, index.ts): the listing from the file system
// and the snapshot of the database's facts (generations-snapshot.ts), without SQLite. Null, with
// nothing printed, when only the database can answer.
import { listAndPrint, plainGenerationsArgs, runGenerations } from './generations-command'
import { listFromSnapshot } from './generations-snapshot'
import { quickCommand, quickMain } from './quick'

export const runQuick = quickCommand(
  'generations',
  (argv, io) => {
    const plain = plainGenerationsArgs(argv)
    return plain
      ? listAndPrint(plain, io, listFromSnapshot)
      : runGenerations(argv, io, listFromSnapshot)
  },
  // It reads files only: nix and git are the full command's, which sets PATH up itself.
  { runsTools: false },
)
export const main = quickMain(runQuick)
