// Entry point of the `flakedeck` command (bin/flakedeck.js loads the built copy of this file, after
// trying the command's quick path; the nix package starts this file directly).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { processIo } from './io'
import { withNixToolPath } from '../services/tool-path'
import { runCli } from './run-cli'

/**
 * The command's quick path (quick-<name>.cjs, built as one file beside this one), when it has one
 * and it can answer; null: run the full command line. Not built (the tests run the sources): null.
 */
async function runQuick(argv: string[]): Promise<number | null> {
  const [name, ...rest] = argv
  if (name === undefined || !/^[a-z]+$/.test(name)) return null
  const file = fileURLToPath(new URL(`./quick-${name}.cjs`, import.meta.url))
  if (!existsSync(file)) return null
  const quick = createRequire(import.meta.url)(file) as {
    main(argv: string[]): Promise<number | null>
  }
  return quick.main(rest)
}

// Like the desktop app, find nix and git in NixOS's profile directories when PATH lacks them.
process.env.PATH = withNixToolPath(process.env.PATH)
const io = processIo()
const argv = process.argv.slice(2)
runQuick(argv)
  .then((code) => code ?? runCli(argv, io))
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      io.err(
        `flakedeck: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
      process.exit(1)
    },
  )
