// `flakedeck diff A B`: what changed between two generations (or any two systems), as a table or
// JSON. Kept lean: a comparison made before is read from one cached file and printed without
// loading SQLite, nix or the app's schemas; only a new pair opens the database (the backend
// module, imported on demand) and reads both closures.
import { resolve } from 'node:path'
import type { ClosureDiff, ComparedSystem, GenerationRef } from '../../shared/generations/types'
import { resolveDataDir } from '../core/data-dir'
import { ComparisonStore, comparisonJson } from '../services/generations/comparison-store'
import { resolveGenerationRefs } from '../services/generations/generation-refs'
import { parseCommandArgs, UsageError } from './args'
import type { GenerationsBackend } from './generations-backend'
import { formatComparison, paintFor } from './generations-format'
import type { CliIo } from './io'

export const diffHelp = `Usage: flakedeck diff A B [--profile DIR] [--json]

Compares two generations of a nix profile, package by package: added, removed, upgraded,
downgraded, and changed (same version, new store path), each with its size change, and the
closure's total size and path count. A and B are generation numbers of the profile, or store
paths of any two systems (a generation link or ./result works too). Packages marked * are the
ones you chose (the system's packages); . marks a dependency.

Options:
  --profile DIR   the profile, e.g. /nix/var/nix/profiles/system or
                  ~/.local/state/nix/profiles/home-manager (default: the profile set in
                  Flakedeck's settings, else /nix/var/nix/profiles/system)
  --json          print JSON instead of a table (see README: "flakedeck diff --json")
  -h, --help      show this help

Examples:
  flakedeck diff 41 42
  flakedeck diff 41 ./result --json | jq '.changes[] | select(.selected)'

Environment:
  FLAKEDECK_DATA_DIR     where the cache lives (default $XDG_DATA_HOME/flakedeck)
  FLAKEDECK_STORE_QUERY  "nix" to read closures with nix path-info only, never from the store's
                         database directly
  NO_COLOR               no colour in the table
`

/** A generation number, or a path made absolute against the working directory. */
export function parseRef(text: string): GenerationRef {
  if (/^\d+$/.test(text)) return Number(text)
  if (text.trim() === '') throw new UsageError('flakedeck diff: A and B cannot be empty.')
  return resolve(text)
}

export async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    profile: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(diffHelp)
    return 0
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `flakedeck diff: give two generations to compare (got ${positionals.length}).\nRun "flakedeck diff --help" for usage.`,
    )
  }
  const refs = positionals.map(parseRef)
  const dataDir = resolveDataDir(io.env)
  // The database opens only if needed: for the profile in the settings, or a new pair whose
  // closures the store's database cannot give.
  const opened: { backend?: GenerationsBackend } = {}
  const backend = async () => {
    const { openGenerationsBackend } = await import('./generations-backend')
    opened.backend ??= openGenerationsBackend(dataDir, io.env)
    return opened.backend
  }
  try {
    let profile: string
    if (values.profile !== undefined) {
      profile = resolve(values.profile)
    } else {
      const { settingsProfile } = await import('./generations-backend')
      profile = settingsProfile((await backend()).db)
    }
    const [before, after] = (await resolveGenerationRefs(profile, refs)) as [
      ComparedSystem,
      ComparedSystem,
    ]
    const store = new ComparisonStore(dataDir)
    let diffText = store.readText(before.storePath, after.storePath)
    let diff: ClosureDiff | null = null
    if (diffText === null) {
      const { diffFromStoreDatabase } = await import('../services/generations/quick-diff')
      diff = await diffFromStoreDatabase(io.env, before.storePath, after.storePath)
      diff ??= await (await backend()).service.diffSystems(before.storePath, after.storePath)
      diffText = store.write(before.storePath, after.storePath, diff)
    }
    if (values.json) {
      io.out(`${comparisonJson(before, after, diffText)}\n`)
    } else {
      diff ??= JSON.parse(diffText) as ClosureDiff
      const paint = paintFor(io.env, process.stdout.isTTY === true)
      io.out(formatComparison({ before, after, ...diff }, paint))
    }
    return 0
  } finally {
    opened.backend?.close()
  }
}
