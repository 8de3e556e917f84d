// Entry point of the `flakedeck` command (bin/flakedeck.js loads the built copy of this file).
import { processIo } from './io'
import { withNixToolPath } from '../services/tool-path'
import { runCli } from './run-cli'

// Like the desktop app, find nix and git in NixOS's profile directories when PATH lacks them.
process.env.PATH = withNixToolPath(process.env.PATH)
const io = processIo()
runCli(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.err(
      `flakedeck: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
