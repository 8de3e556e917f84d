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

export function requireFolder(repo: string): Promise<void> {
  let folder = false
  try {
    folder = statSync(repo).isDirectory()
  } catch {
    // Missing: said below.
  }
  if (folder) return Promise.resolve()
  return Promise.reject(
    new AppError('not-found', `The repo ${repo} does not exist or is not a folder.`),
  )
}

/** The repo's own folder under `root` for its runs' files. */
export function workDirOf(root: string, repo: string): Promise<string> {
  const workDir = join(root, createHash('sha256').update(repo).digest('hex').slice(0, 16))
  try {
    mkdirSync(workDir, { recursive: true })
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
  return Promise.resolve(workDir)
}

/** The plan of a rebuild of `repo` (resolved), its work folder and the nix it runs. */
export async function prepareRun(
  input: RebuildStartInput,
  repo: string,
  nixService: NixService,
  workRoot: string,
) {
  // The checks go together, each wait delays the build; the first failure in this order is told.
  const [, , nix] = await inOrder([
    requireFolder(repo),
    requireProfileFolder(input),
    input.mode === 'profile' ? nixService.require() : null,
  ] as const)
  // Made only for a request that passed them.
  const workDir = await workDirOf(workRoot, repo)
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
export async function clearForRun(prepared: {
  outLink: string
  plan: { profilePath: string }
}): Promise<{ profileBefore: string | null }> {
  rmSync(prepared.outLink, { force: true })
  const before = await readProfileTarget(prepared.plan.profilePath)
  return { profileBefore: before.storePath }
}

/** Like Promise.all, but a failure is the first in the list's order, not the first in time. */
async function inOrder<T extends readonly unknown[]>(
  work: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work)
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>
  }
}
