// Entry point of the `flakedeck` command (bin/flakedeck.js loads the built copy of this file).
import { processIo, type CliIo } from './io'
import { withNixToolPath } from '../services/tool-path'
import { runCli } from './run-cli'

/** The commands with a quick path built as one file beside this one (quick-<name>.ts). */
const quickCommands = new Set(['inputs', 'generations'])

/**
 * A command's quick path, when it has one that can answer: one file to load instead of the
 * command's modules, and no SQLite. Null: run the full command line. Not built (the tests run the
 * sources): always null.
 */
async function runQuick(argv: string[], io: CliIo): Promise<number | null> {
  const [name, ...rest] = argv
  if (name === undefined || !quickCommands.has(name)) return null
  let quick: { runQuick(argv: string[], io: CliIo): Promise<number | null> }
  try {
    quick = await import(/* @vite-ignore */ new URL(`./quick-${name}.js`, import.meta.url).href)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return null
    throw error
  }
  return quick.runQuick(rest, io)
}

// Like the desktop app, find nix and git in NixOS's profile directories when PATH lacks them.
process.env.PATH = withNixToolPath(process.env.PATH)
const io = processIo()
const argv = process.argv.slice(2)
runQuick(argv, io)
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
