// What a rebuild needs before it starts: a valid request, the repo and profile folders, nix (in
// profile mode, run by path, with the flake feature flags when nix's config lacks them), the
// repo's own work folder for result links, and the plan of commands.
import { createHash } from 'node:crypto'
import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { rebuildStartInputSchema, type RebuildStartInput } from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import { describeValidationError } from '../../../shared/validation'
import type { NixService } from '../nix'
import { requireProfileFolder } from './profile-folder'
import { buildRebuildPlan } from './rebuild-command'

export function parseInput(input: RebuildStartInput): RebuildStartInput {
  const parsed = rebuildStartInputSchema.safeParse(input)
  if (!parsed.success) {
    throw new AppError(
      'bad-request',
      `Invalid rebuild request: ${describeValidationError(parsed.error)}`,
    )
  }
  return parsed.data
}

export async function requireFolder(repo: string): Promise<void> {
  const info = await stat(repo).catch(() => null)
  if (!info?.isDirectory()) {
    throw new AppError('not-found', `The repo ${repo} does not exist or is not a folder.`)
  }
}

/** The repo's own folder under `root` for its runs' files. */
export async function workDirOf(root: string, repo: string): Promise<string> {
  const workDir = join(root, createHash('sha256').update(repo).digest('hex').slice(0, 16))
  await mkdir(workDir, { recursive: true })
  return workDir
}

/** The plan of a rebuild of `repo` (resolved), its work folder and the nix it runs. */
export async function prepareRun(
  input: RebuildStartInput,
  repo: string,
  nixService: NixService,
  workRoot: string,
) {
  await requireFolder(repo)
  await requireProfileFolder(input)
  let nixPath: string | null = null
  let flakeFeatureFlags = false
  if (input.mode === 'profile') {
    const nix = await nixService.require()
    nixPath = nix.path
    flakeFeatureFlags = !nix.info.flakesEnabledByConfig
  }
  const workDir = await workDirOf(workRoot, repo)
  const outLink = join(workDir, 'result')
  const plan = buildRebuildPlan({ ...input, repo, flakeFeatureFlags, outLink })
  return { plan, workDir, outLink, nixPath }
}
