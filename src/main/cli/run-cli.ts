// The `flakedeck` command. Each subcommand has --help; those that print data take --json.
import { appVersion } from '../core/app-version'
import { failureCode } from './failure'
import type { CliIo } from './io'

type Command = { summary: string; run: (argv: string[], io: CliIo) => Promise<number> }

// Each command's module loads when it runs, so a quick command (a cached `diff`) does not pay
// for the whole core (SQLite, zod, the web server) at start-up.
const commands: Record<string, Command> = {
  serve: {
    summary: 'run Flakedeck in your browser (loopback only, with a token)',
    run: async (argv, io) => (await import('./serve-command')).serveCommand(argv, io),
  },
  inputs: {
    summary: "list a flake's inputs: revisions, ages, follows",
    run: async (argv, io) => (await import('./inputs-command')).inputsCommand(argv, io),
  },
  generations: {
    summary: 'list the generations of a system profile: dates, sizes, kernel, revision',
    run: async (argv, io) => (await import('./generations-command')).generationsCommand(argv, io),
  },
  diff: {
    summary: 'compare two generations package by package (like nvd)',
    run: async (argv, io) => (await import('./diff-command')).diffCommand(argv, io),
  },
  predict: {
    summary: 'what an update, a pin or an edit will change in each host, before building',
    run: async (argv, io) => (await import('./predict-command')).predictCommand(argv, io),
  },
  clean: {
    summary: 'delete old generations (keep N / newer than D, pinned) and collect garbage',
    run: async (argv, io) => (await import('./clean-command')).cleanCommand(argv, io),
  },
  pin: {
    summary: 'keep a generation from clean-ups and garbage collection, with a label',
    run: async (argv, io) => (await import('./pin-command')).pinCommand(argv, io),
  },
  unpin: {
    summary: 'remove a pin (and its GC root)',
    run: async (argv, io) => (await import('./pin-command')).pinCommand(argv, io, true),
  },
  boot: {
    summary: 'the boot menu by generation, how full /boot is, whether a system fits',
    run: async (argv, io) => (await import('./boot-command')).bootCommand(argv, io),
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
    return failureCode(name, error, io)
  }
}
