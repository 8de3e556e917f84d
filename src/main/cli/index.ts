// Entry point of the `flakedeck` command (bin/flakedeck.js loads the built copy of this file).
import { processIo } from './io'
import { runCli } from './run-cli'

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
