// Entry point of the `flakedeck` command (bin/flakedeck.js loads the built copy of this file, after
// trying the command's quick path; the nix package starts this file directly).
import { processIo } from './io'
import { withNixToolPath } from '../services/tool-path'
import { runCli } from './run-cli'

/**
 * The command's quick path (quick-<name>.js, built as one file beside this one), when it has one
 * and it can answer; null: run the full command line. Not built (the tests run the sources): null.
 */
async function runQuick(argv: string[]): Promise<number | null> {
  const [name, ...rest] = argv
  if (name === undefined || !/^[a-z]+$/.test(name)) return null
  let quick: { main(argv: string[]): Promise<number | null> }
  try {
    quick = await import(/* @vite-ignore */ new URL(`./quick-${name}.js`, import.meta.url).href)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return null
    throw error
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
