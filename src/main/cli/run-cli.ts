// The `flakedeck` command. Each subcommand has --help; those that print data take --json.
import { AppError } from '../core/app-error'
import { appVersion } from '../core/app-version'
import { UsageError } from './args'
import type { CliIo } from './io'
import { serveCommand } from './serve-command'

type Command = { summary: string; run: (argv: string[], io: CliIo) => Promise<number> }

const commands: Record<string, Command> = {
  serve: {
    summary: 'run Flakedeck in your browser (loopback only, with a token)',
    run: serveCommand,
  },
}

export function mainHelp(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`)
  return `Flakedeck ${appVersion}: author NixOS flake configurations.

Usage: flakedeck <command> [options]

Commands:
${rows.join('\n')}

Run "flakedeck <command> --help" for a command's options. "npm start" opens the desktop app.
`
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp())
    return 0
  }
  if (name === '--version' || name === '-v') {
    io.out(`${appVersion}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) {
    io.err(`flakedeck: unknown command "${name}".\n\n${mainHelp()}`)
    return 2
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`)
      return 2
    }
    if (error instanceof AppError) {
      io.err(`flakedeck ${name}: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`)
      return 1
    }
    throw error
  }
}
