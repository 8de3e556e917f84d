// What the quick paths (quick-<name>.ts, each built as one file) share: they may be the first code
// the process runs (bin/flakedeck.js starts them before cli.js), so they set PATH up as index.ts
// does, and report failures as the full command line does.
import { withNixToolPath } from '../services/tool-path'
import { failureCode } from './failure'
import { processIo, type CliIo } from './io'

/** A quick path: an exit code, or null (nothing printed) when the full command must answer. */
export type QuickRun = (argv: string[], io: CliIo) => Promise<number | null>

export function quickCommand(
  name: string,
  run: QuickRun,
  { runsTools = true }: { runsTools?: boolean } = {},
): QuickRun {
  return async (argv, io) => {
    // Like the desktop app, find nix and git in NixOS's profile directories when PATH lacks them
    // (a quick path that runs no program leaves that to the full command, if it hands over).
    if (runsTools) process.env.PATH = withNixToolPath(process.env.PATH)
    try {
      return await run(argv, io)
    } catch (error) {
      return failureCode(name, error, io)
    }
  }
}

/** The quick path on this process's arguments and streams, for the launchers. */
export function quickMain(run: QuickRun): (argv: string[]) => Promise<number | null> {
  return (argv) => run(argv, processIo())
}
