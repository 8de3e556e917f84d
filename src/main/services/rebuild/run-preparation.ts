// What a rebuild needs before it starts: a valid request, the repo and profile folders, nix (in
// profile mode, run by path, with the flake feature flags when nix's config lacks them), the
// repo's own work folder for result links, and the plan of commands; and, for a run about to
// begin, no result link of an earlier run and the profile's system as it begins.
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { rebuildStartInputSchema, type RebuildStartInput } from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import { describeValidationError } from '../../../shared/validation'
import type { NixService } from '../nix'
import { requireProfileFolder } from './profile-folder'
import { readProfileTarget } from './profile-link'
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

// The folder checks and changes below are made without the thread pool: they are on the way from
// the click to the first command, where each trip through the pool cost about half a millisecond
// of waking up, and each takes microseconds on a local disk.

export function requireFolder(repo: string): void {
  let folder = false
  try {
    folder = statSync(repo).isDirectory()
  } catch {
    // Missing: said below.
  }
  if (!folder)
    throw new AppError('not-found', `The repo ${repo} does not exist or is not a folder.`)
}

/** The repo's own folder under `root` for its runs' files. */
export function workDirOf(root: string, repo: string): string {
  const workDir = join(root, createHash('sha256').update(repo).digest('hex').slice(0, 16))
  mkdirSync(workDir, { recursive: true })
  return workDir
}

/** The plan of a rebuild of `repo` (resolved), its work folder and the nix it runs. */
export async function prepareRun(
  input: RebuildStartInput,
  repo: string,
  nixService: NixService,
  workRoot: string,
) {
  // The first failure in this order is told; the folders are looked at before nix is asked for.
  requireFolder(repo)
  requireProfileFolder(input)
  const nix = input.mode === 'profile' ? await nixService.require() : null
  // Made only for a request that passed them.
  const workDir = workDirOf(workRoot, repo)
  const nixPath = nix?.path ?? null
  const flakeFeatureFlags = nix !== null && !nix.info.flakesEnabledByConfig
  const outLink = join(workDir, 'result')
  const plan = buildRebuildPlan({ ...input, repo, flakeFeatureFlags, outLink })
  return { plan, workDir, outLink, nixPath }
}

/**
 * Just before a prepared run is recorded: removes the result link an earlier run left (it must
 * not pass for this run's) and reads the profile's system as the run begins. Here, not once the
 * run has begun: from its first event on, windows ask for its output, and nothing should come
 * between that event and its first command.
 */
export function clearForRun(prepared: { outLink: string; plan: { profilePath: string } }): {
  profileBefore: string | null
} {
  rmSync(prepared.outLink, { force: true })
  return { profileBefore: readProfileTarget(prepared.plan.profilePath).storePath }
}
