// `flakedeck predict`: what an update, a pin or the working tree's edits will change in each host,
// before anything is built or written. Printed like `flakedeck diff`, or as JSON.
import { resolve } from 'node:path'
import { AppError } from '../../shared/app-error'
import type { PinTarget } from '../../shared/lockfile/flake-ref'
import type { UpdateSpec } from '../../shared/lockfile/schemas'
import { overridesFromChanges } from '../../shared/predict/overrides'
import { phaseText, startingText } from '../../shared/predict/phase-text'
import type { PredictChange, PredictionResult, PredictProgress } from '../../shared/predict/types'
import { appVersion } from '../core/app-version'
import { createCore } from '../core/core'
import { resolveDataDir } from '../core/data-dir'
import { PredictService } from '../services/predict/predict-service'
import { rebuildProfileOf } from '../services/rebuild/run-settings'
import { parseCommandArgs, UsageError } from './args'
import { paintFor } from './generations-format'
import type { CliIo } from './io'
import { formatPrediction } from './predict-format'
import { statusLine } from './status-line'

export const predictHelp = `Usage: flakedeck predict [--update NAME…|--update-all|--pin NAME=REF|--running [--profile P]]
                         [--host H] [--flake DIR] [--offline] [--json]

Says what a change will do to each host of the flake before anything is built or written: the
packages of the system that are added, removed, upgraded, downgraded or rebuilt at the same
version (* chosen by you, . a dependency, ? a guess until the package is built), those needing a
reboot first, what changes only to build it (compilers, sources), and how many derivations nix
must build and paths it can fetch. Without --update or --pin it compares the working tree (saved
edits, uncommitted too) with the last commit; with --running, with the running system (the
current generation of the profile a rebuild writes). flake.lock and flake.nix are never written.

Options:
  --update NAME   an input to update (repeat for several)
  --update-all    every input
  --pin NAME=REF  pin an input to a commit (40 hex digits), a tag (tags/NAME) or a branch
  --running       the working tree against the running system, read from the store
  --profile P     with --running: the profile whose current generation runs (default: the
                  profile a rebuild writes, /nix/var/nix/profiles/system unless set otherwise)
  --host H        one host (default: every nixosConfigurations host)
  --flake DIR     the flake's folder (default: the current directory)
  --offline       do not ask binary caches: what can be fetched is then unknown
  --json          print the predictions as JSON
  -h, --help      show this help

Examples:
  flakedeck predict --update nixpkgs
  flakedeck predict --running --host laptop
  flakedeck predict --pin nixpkgs=tags/24.05 --host laptop --json | jq '.hosts[].prediction.system.changes[].name'
`

/** `NAME=REF` of --pin: a commit, `tags/NAME` (or `refs/tags/NAME`), else a branch. */
export function parsePin(text: string): { name: string; target: PinTarget } {
  const at = text.indexOf('=')
  if (at <= 0 || at === text.length - 1) {
    throw new UsageError(`flakedeck predict: --pin takes NAME=REF, not "${text}".`)
  }
  const name = text.slice(0, at)
  const ref = text.slice(at + 1)
  if (/^[0-9a-f]{40}$/.test(ref)) return { name, target: { kind: 'commit', rev: ref } }
  const tag = /^(?:refs\/)?tags\/(.+)$/.exec(ref)
  if (tag) return { name, target: { kind: 'tag', name: tag[1]! } }
  return { name, target: { kind: 'branch', name: ref.replace(/^refs\/heads\//, '') } }
}

function specOf(values: {
  update?: string[]
  'update-all'?: boolean
  pin?: string
}): UpdateSpec | null {
  const given = [
    values.update !== undefined,
    values['update-all'] === true,
    values.pin !== undefined,
  ]
  if (given.filter(Boolean).length > 1) {
    throw new UsageError('flakedeck predict: give one of --update, --update-all and --pin.')
  }
  if (values.update) return { kind: 'update', names: values.update }
  if (values['update-all']) return { kind: 'update-all' }
  if (values.pin !== undefined) return { kind: 'pin', ...parsePin(values.pin) }
  return null
}

export interface PredictReport {
  dir: string
  change: PredictChange
  hosts: ({ host: string } & PredictionResult)[]
}

/** The status line while the `index`-th of `count` hosts is predicted. */
export function predictStatus(
  host: string,
  index: number,
  count: number,
  progress: PredictProgress | null,
): string {
  const which = count > 1 ? `Host ${host} (${index + 1} of ${count})` : `Host ${host}`
  if (!progress) return `${which}: ${startingText}`
  const activity = progress.activity ? ` ${progress.activity}` : ''
  return `${which}: ${phaseText[progress.phase]}${activity}`
}

export async function predictCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('predict', argv, {
    update: { type: 'string', multiple: true },
    'update-all': { type: 'boolean' },
    pin: { type: 'string' },
    running: { type: 'boolean' },
    profile: { type: 'string' },
    host: { type: 'string' },
    flake: { type: 'string' },
    offline: { type: 'boolean' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(predictHelp)
    return 0
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `flakedeck predict: unexpected "${positionals[0]}".\nRun "flakedeck predict --help" for usage.`,
    )
  }
  const spec = specOf(values)
  if (values.running && spec) {
    throw new UsageError(
      'flakedeck predict: --running compares the working tree; drop --update/--pin.',
    )
  }
  if (values.profile !== undefined && !values.running) {
    throw new UsageError('flakedeck predict: --profile goes with --running.')
  }
  const dir = resolve(values.flake ?? '.')
  // Progress goes to stderr even with --json: stdout alone carries the result (often into jq)
  // while the person waits at the terminal, as with nix's own --json.
  const status = statusLine(io)
  const core = createCore({
    dataDir: resolveDataDir(io.env),
    shell: 'browser',
    appVersion,
    env: io.env,
  })
  try {
    let change: PredictChange = { kind: 'working-tree' }
    if (values.running) {
      const profile = values.profile ?? rebuildProfileOf(core.settings.get())
      change = { kind: 'running-system', profile: resolve(profile) }
    } else if (spec) {
      // The Inputs area's preview locks a copy of the flake; its lock changes become overrides.
      status.show(`Locking the ${spec.kind === 'pin' ? 'pin' : 'update'} in a copy of the flake…`)
      const preview = await core.inputs.preview(dir, spec, { includeLog: false })
      const found = overridesFromChanges(preview.changes)
      if (!found.ok) throw new AppError('bad-request', found.reason)
      if (found.overrides.length === 0) {
        status.clear()
        io.err('Nothing would change: the inputs are already at these revisions.\n')
        return 0
      }
      change = { kind: 'overrides', overrides: found.overrides }
    }
    let hosts: string[]
    if (values.host !== undefined) {
      hosts = [values.host]
    } else {
      status.show("Reading the flake's hosts…")
      const found = await core.nixCheck.hosts(dir)
      if (found.error) {
        throw new AppError(
          'command-failed',
          `The flake's hosts could not be read: ${found.error.message}`,
          {
            hint: 'Fix the error (flakedeck predict names it at its file and line), or give --host.',
          },
        )
      }
      hosts = found.hosts
      if (hosts.length === 0) {
        throw new AppError('not-found', `${dir} defines no nixosConfigurations.`, {
          hint: 'Give the host with --host, or add nixosConfigurations to flake.nix.',
        })
      }
    }
    const predict = new PredictService(core.runner, core.nix, core.git, core.db)
    const report: PredictReport = { dir, change, hosts: [] }
    for (const [index, host] of hosts.entries()) {
      const show = (progress: PredictProgress | null) =>
        status.show(predictStatus(host, index, hosts.length, progress))
      show(null)
      const result = await predict.predict(dir, host, change, {
        offline: values.offline === true,
        onProgress: show,
      })
      report.hosts.push({ host, ...result })
    }
    status.clear()
    if (values.json) {
      io.out(`${JSON.stringify(report)}\n`)
    } else {
      const paint = paintFor(io.env, process.stdout.isTTY === true)
      io.out(report.hosts.map((entry) => formatPrediction(entry, paint)).join('\n'))
    }
    return report.hosts.some((entry) => !entry.ok) ? 1 : 0
  } finally {
    // Before an error is printed (run-cli prints what this throws), no half line left behind.
    status.clear()
    await core.close()
  }
}
