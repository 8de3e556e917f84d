// `flakedeck inputs`: the Inputs view's data on the command line. A table for people, or the
// overview as JSON for scripts; the stale threshold is the one set in the app.
import { resolve } from 'node:path'
import { defaultStaleAfterDays, formatAge, isStaleAfterDays } from '../../shared/lockfile/input-age'
import { followsText, type InputRow } from '../../shared/lockfile/input-tree'
import { lockDate } from '../../shared/lockfile/lock-diff'
import type { InputsOverview } from '../../shared/lockfile/schemas'
import { plural } from '../../shared/plural'
import { resolveDataDir } from '../core/data-dir'
import { parseCommandArgs, UsageError } from './args'
import type { CliIo } from './io'
import { storedSettings, type SettingsSource } from './stored-settings'

export const inputsHelp = `Usage: flakedeck inputs [--flake DIR] [--json]

Lists the inputs of a flake's flake.lock and their own inputs: type, the branch or tag asked for,
the locked revision, the date it was locked to and its age, and what each follows. Inputs locked
longer ago than the threshold set in the app (Inputs area; ${defaultStaleAfterDays} days unless changed) are marked
"stale"; copies of one repository locked at different revisions are marked "duplicate".

Options:
  --flake DIR   the flake's folder (default: the current directory)
  --json        print the data as JSON (inputs, duplicates, warnings) instead of a table
  -h, --help    show this help

Environment:
  FLAKEDECK_DATA_DIR   where the database (with the threshold setting) lives
`

/** The JSON `flakedeck inputs --json` prints. */
export interface InputsReport {
  dir: string
  hasLock: boolean
  staleAfterDays: number
  /** Depth first, children by name; `depth` 0 for the flake's own inputs. */
  inputs: InputRow[]
  duplicates: InputsOverview['tree']['duplicates']
  staleCount: number
  declaredInputs: string[] | null
  undeclared: string[]
  unlocked: string[]
  flakeNixDirty: boolean
  flakeLockDirty: boolean
  warnings: string[]
}

export function inputsReport(overview: InputsOverview, staleAfterDays: number): InputsReport {
  return {
    dir: overview.dir,
    hasLock: overview.hasLock,
    staleAfterDays,
    inputs: overview.tree.rows,
    duplicates: overview.tree.duplicates,
    staleCount: overview.tree.staleCount,
    declaredInputs: overview.declaredInputs,
    undeclared: overview.undeclared,
    unlocked: overview.unlocked,
    flakeNixDirty: overview.flakeNixDirty,
    flakeLockDirty: overview.flakeLockDirty,
    warnings: overview.warnings,
  }
}

function refText(row: InputRow): string {
  if (row.originalRef) return row.originalRef
  if (row.originalRev) return `rev ${row.originalRev.slice(0, 7)}`
  return ''
}

function notes(row: InputRow, report: InputsReport): string {
  const out: string[] = []
  if (row.isStale) out.push('stale')
  if (row.duplicateGroup) out.push('duplicate')
  if (!row.isFlake && row.follows === null) out.push('not a flake')
  if (row.depth === 0 && report.undeclared.includes(row.name)) out.push('not in flake.nix')
  if (row.problem) out.push(row.problem)
  return out.join(', ')
}

/** Left-aligned columns two spaces apart; trailing blanks trimmed. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

export function formatInputsTable(report: InputsReport): string {
  const parts: string[] = [`Inputs of ${report.dir}\n`]
  if (report.inputs.length > 0) {
    parts.push(
      '\n' +
        table(
          ['INPUT', 'TYPE', 'REF', 'REV', 'DATE', 'AGE', 'FOLLOWS', 'NOTES'],
          report.inputs.map((row) => [
            `${'  '.repeat(row.depth)}${row.name}`,
            row.type ?? '',
            refText(row),
            row.shortRev ?? '',
            lockDate(row.lastModified) ?? '',
            formatAge(row.ageDays),
            row.follows === null ? '' : followsText(row.follows),
            notes(row, report),
          ]),
        ),
    )
  } else if (report.hasLock) {
    parts.push('\nflake.lock has no inputs.\n')
  }
  const summary: string[] = []
  if (report.staleCount > 0) {
    summary.push(
      `Stale: ${plural(report.staleCount, 'input')} locked more than ${plural(report.staleAfterDays, 'day')} ago.`,
    )
  }
  for (const group of report.duplicates) {
    const copies = group.rowIds.map((id) => {
      const row = report.inputs.find((r) => r.id === id)
      return `${id} (${row?.shortRev ?? '?'})`
    })
    summary.push(
      `Duplicate: ${group.id} is locked at ${plural(group.revisions.length, 'revision')}: ${copies.join(', ')}.`,
    )
  }
  if (report.unlocked.length > 0) {
    summary.push(`Not locked yet: ${report.unlocked.join(', ')} (run "nix flake lock").`)
  }
  if (report.undeclared.length > 0) {
    summary.push(`In flake.lock but no longer in flake.nix: ${report.undeclared.join(', ')}.`)
  }
  for (const warning of report.warnings) summary.push(`Warning: ${warning}`)
  if (summary.length > 0) parts.push('\n' + summary.join('\n') + '\n')
  return parts.join('')
}

export async function inputsCommand(argv: string[], io: CliIo): Promise<number> {
  // Always answers: the stored settings come from the database when no snapshot will do.
  return (await runInputs(argv, io, storedSettings)) ?? 1
}

/**
 * The command with its settings from `settings`; null, before anything ran or was printed, when
 * `settings` cannot answer (the quick path then hands over to the full command line).
 */
export async function runInputs(
  argv: string[],
  io: CliIo,
  settings: SettingsSource,
): Promise<number | null> {
  const { values, positionals } = parseCommandArgs('inputs', argv, {
    flake: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(inputsHelp)
    return 0
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `flakedeck inputs: unexpected argument "${positionals[0]}"; name the flake with --flake DIR.\nRun "flakedeck inputs --help" for usage.`,
    )
  }
  const dir = resolve(values.flake ?? '.')
  const stored = await settings(resolveDataDir(io.env))
  if (stored === null) return null
  const threshold = stored.inputAgeWarningDays
  const staleAfterDays = isStaleAfterDays(threshold) ? threshold : defaultStaleAfterDays
  // Only what reading a lock needs, loaded now: the inputs reader (nix and git); not the core,
  // its database or the settings' schemas. The command then answers about as fast as nix itself.
  const [{ InputsReader }, { GitService }, { NixService }, runners] = await Promise.all([
    import('../services/inputs/inputs-reader'),
    import('../services/git'),
    import('../services/nix'),
    import('../services/process-runner'),
  ])
  const runner = runners.createProcessRunner(io.env)
  const reader = new InputsReader(new NixService(runner), new GitService(runner))
  const overview = await reader.read(dir, { staleAfterDays })
  const report = inputsReport(overview, staleAfterDays)
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatInputsTable(report))
  return 0
}
