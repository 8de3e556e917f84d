// `flakedeck clean`: deletes the generations a keep-policy lets go and collects garbage, after
// printing (or, with --dry-run, only printing) which generations go and the bytes that frees.
// The current, booted and pinned generations always stay.
import { resolve } from 'node:path'
import { cleanupPolicySchema, type CleanupPlan } from '../../shared/generations/care-types'
import { formatBytes } from '../../shared/generations/format'
import { plural } from '../../shared/plural'
import { resolveDataDir } from '../core/data-dir'
import { parseKeepSince } from '../services/generations/cleanup-plan'
import { parseCommandArgs, UsageError } from './args'
import { openGenerationsBackend, settingsProfile } from './generations-backend'
import { formatDate, paintFor, type Paint } from './generations-format'
import type { CliIo } from './io'
import { statusLine } from './status-line'

export const cleanHelp = `Usage: flakedeck clean [--keep N] [--keep-since AGE] [--profile DIR] [--dry-run] [--json]

Deletes old generations of a nix profile and collects garbage (nix-store --gc). A generation
stays when it is one of the newest N, or newer than AGE; the current, the booted and every
pinned generation always stay. Before deleting, it prints which generations go and how much
store space that frees (the paths only they reach); afterwards, what nix reports it freed.

Options:
  --keep N          keep the newest N generations
  --keep-since AGE  keep generations newer than AGE: 14d, 2w, 36h (a bare number is days)
  --profile DIR     the profile (default: the one set in Flakedeck, else the system profile)
  --dry-run         only print what would go; delete nothing
  --json            print JSON: the plan (--dry-run), or {plan, deleted, gc}
  --store URI       the nix store to work on (default: nix's own), e.g. for a test store
  -h, --help        show this help

At least one of --keep and --keep-since is needed. Deleting generations and collecting
garbage in /nix/store need root (run it with sudo) on a multi-user install.
`

export async function cleanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('clean', argv, {
    keep: { type: 'string' },
    'keep-since': { type: 'string' },
    profile: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    store: { type: 'string' },
  })
  if (values.help) {
    io.out(cleanHelp)
    return 0
  }
  if (positionals.length > 0) {
    throw usage(`unexpected argument "${positionals[0]}".`)
  }
  const keep = values.keep === undefined ? null : Number(values.keep)
  if (keep !== null && (!Number.isInteger(keep) || keep < 1)) {
    throw usage(`--keep takes a whole number of generations, 1 or more, not "${values.keep}".`)
  }
  const since = values['keep-since']
  const keepSinceDays = since === undefined ? null : parseKeepSince(since)
  if (since !== undefined && keepSinceDays === null) {
    throw usage(`--keep-since takes an age such as 14d, 2w or 36h, not "${since}".`)
  }
  const policy = cleanupPolicySchema.safeParse({ keep, keepSinceDays })
  if (!policy.success) throw usage('say what to keep: --keep N, --keep-since AGE, or both.')

  const backend = openGenerationsBackend(resolveDataDir(io.env), io.env, {
    store: values.store ?? null,
  })
  try {
    const profile =
      values.profile !== undefined ? resolve(values.profile) : settingsProfile(backend.db)
    const paint = paintFor(io.env, process.stdout.isTTY === true)
    const plan = await backend.service.cleanupPlan(profile, policy.data)
    if (values['dry-run']) {
      io.out(values.json ? `${JSON.stringify(plan)}\n` : formatPlan(plan, paint, true))
      return 0
    }
    if (!values.json) io.out(formatPlan(plan, paint, false))
    // Only on a terminal's stderr; with --json too, as predict: stdout alone carries the result.
    const status = statusLine(io)
    const result = await backend.service
      .cleanup(profile, policy.data, {
        expectedGoes: plan.goes,
        onProgress: (p) => {
          if (p.phase !== 'collecting') return
          status.show(`collecting garbage: ${p.pathsDeleted} of about ${p.pathsExpected} paths`)
        },
      })
      .finally(() => status.clear())
    if (values.json) {
      io.out(`${JSON.stringify(result)}\n`)
    } else {
      io.out(
        `Deleted ${plural(result.deleted.length, 'generation')}; ` +
          `nix freed ${formatBytes(result.gc.bytesFreed)} in ${result.gc.pathsDeleted} store paths ` +
          `(predicted ${formatBytes(plan.freedBytes)} in ${plan.freedPaths}).\n`,
      )
    }
    return 0
  } finally {
    backend.close()
  }
}

function usage(message: string): UsageError {
  return new UsageError(`flakedeck clean: ${message}\nRun "flakedeck clean --help" for usage.`)
}

const reasonWords: Record<string, string> = {
  current: 'current',
  booted: 'booted',
  pinned: 'pinned',
  newest: 'newest',
  recent: 'recent',
}

export function formatPlan(plan: CleanupPlan, paint: Paint, dryRun: boolean): string {
  const lines = [paint.bold(`Profile ${plan.profilePath}`), '']
  for (const row of plan.rows) {
    const what = row.goes
      ? paint.red(`goes${row.ownBytes ? `  ${formatBytes(row.ownBytes)} of its own` : ''}`)
      : paint.dim(`kept: ${row.keptBecause.map((r) => reasonWords[r]).join(', ')}`)
    lines.push(`${String(row.number).padStart(6)}  ${formatDate(row.date)}  ${what}`)
  }
  lines.push('')
  if (plan.goes.length === 0) {
    lines.push('No generation goes; the collection only takes what is already unreachable.')
  } else {
    const verb = dryRun ? 'would go' : 'go'
    lines.push(
      `${plural(plan.goes.length, 'generation')} ${verb}, freeing about ` +
        `${formatBytes(plan.freedBytes)} in ${plan.freedPaths} store paths.`,
    )
  }
  if (plan.unknownClosures.length > 0) {
    lines.push(
      paint.yellow(
        `Not counted: generations ${plan.unknownClosures.join(', ')} (nix could not describe them).`,
      ),
    )
  }
  return `${lines.join('\n')}\n`
}
