// `flakedeck generations`: the timeline of a nix profile (every generation with its date,
// closure size, NixOS label, kernel and configuration revision; which one is current and which
// is booted), as a table or JSON. Closures and what each toplevel records come from the cache,
// and the missing ones from the store in one go; only the listing's parts are loaded
// (generations-listing.ts).
import { resolve } from 'node:path'
import type { GenerationTimeline } from '../../shared/generations/types'
import { resolveDataDir } from '../core/data-dir'
import { parseCommandArgs, UsageError } from './args'
import { formatTimeline, paintFor } from './generations-format'
import type { CliIo } from './io'

export const generationsHelp = `Usage: flakedeck generations [--profile DIR] [--json]

Lists the generations of a nix profile, newest first: number, date, closure size and path
count, NixOS label, kernel version, the flake revision it was built from, and its store path.
Marks the current generation (>) and the booted one (b); a generation whose store path was
garbage collected, or that nix does not know, is listed with the reason (!).

Options:
  --profile DIR   the profile, e.g. /nix/var/nix/profiles/system or
                  ~/.local/state/nix/profiles/home-manager (default: the profile set in
                  Flakedeck's settings, else /nix/var/nix/profiles/system)
  --json          print JSON instead of a table (see README: "flakedeck generations --json")
  -h, --help      show this help

Compare two of them with "flakedeck diff A B".

Environment:
  FLAKEDECK_DATA_DIR     where the cache lives (default $XDG_DATA_HOME/flakedeck)
  FLAKEDECK_STORE_QUERY  "nix" to read closures with nix path-info only
  NO_COLOR               no colour in the table
`

/** Where a listing comes from; null when it cannot answer (nothing was printed). */
export type TimelineSource = (
  dataDir: string,
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
) => Promise<GenerationTimeline | null>

export async function generationsCommand(argv: string[], io: CliIo): Promise<number> {
  // The database always answers (and leaves a snapshot for the quick path).
  return (await runGenerations(argv, io, fromDatabase)) ?? 1
}

const fromDatabase: TimelineSource = async (dataDir, env, profile) =>
  (await import('./generations-listing')).listGenerations(dataDir, env, profile)

/** What the command was asked for. */
export interface GenerationsRequest {
  profile?: string | undefined
  json?: boolean | undefined
}

/** The command over `list`; null, before anything is printed, when `list` cannot answer. */
export async function runGenerations(
  argv: string[],
  io: CliIo,
  list: TimelineSource,
): Promise<number | null> {
  const { values, positionals } = parseCommandArgs('generations', argv, {
    profile: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(generationsHelp)
    return 0
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `flakedeck generations: unexpected argument "${positionals[0]}".\nRun "flakedeck generations --help" for usage.`,
    )
  }
  return listAndPrint(values, io, list)
}

/**
 * The common shapes of the command's arguments (`--json`, `--profile DIR` or `--profile=DIR`,
 * each once), read without node's argument parser (a millisecond of a warm quick listing);
 * null for anything else, which the full parser reads and, if need be, explains.
 */
export function plainGenerationsArgs(argv: readonly string[]): GenerationsRequest | null {
  const request: GenerationsRequest = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--json' && request.json === undefined) request.json = true
    else if (request.profile !== undefined) return null
    else if (arg.startsWith('--profile=') && arg.length > 10) request.profile = arg.slice(10)
    else if (arg === '--profile' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) {
      request.profile = argv[++i]
    } else return null
  }
  return request
}

/** Lists and prints what `values` ask for; null, before anything is printed, as runGenerations. */
export async function listAndPrint(
  values: GenerationsRequest,
  io: CliIo,
  list: TimelineSource,
): Promise<number | null> {
  const timeline = await list(
    resolveDataDir(io.env),
    io.env,
    values.profile !== undefined ? resolve(values.profile) : undefined,
  )
  if (!timeline) return null
  if (values.json) {
    io.out(`${JSON.stringify(timeline)}\n`)
  } else {
    io.out(formatTimeline(timeline, Date.now(), paintFor(io.env, process.stdout.isTTY === true)))
  }
  return 0
}
