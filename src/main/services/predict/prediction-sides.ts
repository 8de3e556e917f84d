// The two sides a prediction compares, as flake references to evaluate: the flake as it is and
// as the change would make it. A proposed lock becomes --override-input arguments (never
// written); the working tree is compared with its last commit through the commit's revision.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/app-error'
import { diffLocks } from '../../../shared/lockfile/lock-diff'
import { parseLockfile } from '../../../shared/lockfile/parse-lockfile'
import { overridesFromChanges } from '../../../shared/predict/overrides'
import type { PredictChange } from '../../../shared/predict/types'
import type { GitService } from '../git'

/** One side to evaluate: a flake reference and the overrides to apply to it. */
export interface Side {
  flakeRef: string
  overrides: { input: string; url: string }[]
}

/** The flake as it is, and as the change would make it (not for the running system). */
export async function predictionSides(
  git: GitService,
  dir: string,
  change: Exclude<PredictChange, { kind: 'running-system' }>,
): Promise<[Side, Side]> {
  if (change.kind === 'overrides') {
    return [
      { flakeRef: dir, overrides: [] },
      { flakeRef: dir, overrides: change.overrides },
    ]
  }
  if (change.kind === 'lock') {
    return [
      { flakeRef: dir, overrides: [] },
      { flakeRef: dir, overrides: await overridesFor(dir, change.lock) },
    ]
  }
  const top = await git.topLevel(dir)
  const head = top ? await git.headCommit(top) : null
  if (!top || !head) {
    throw new AppError('not-a-git-repo', `${dir} has no commit to compare the working tree with.`, {
      hint: 'Commit the flake once; the working tree is then compared with that commit.',
    })
  }
  const sub = dir.startsWith(`${top}/`) ? dir.slice(top.length + 1) : ''
  const committed = `git+file://${top}?rev=${head}${sub ? `&dir=${encodeURIComponent(sub)}` : ''}`
  return [
    { flakeRef: committed, overrides: [] },
    { flakeRef: dir, overrides: [] },
  ]
}

/**
 * The proposed lock's changes as overrides: each updated input (not below another updated one,
 * whose own lock brings its inputs along) replaced by the flake reference it is locked to.
 */
async function overridesFor(dir: string, lockText: string): Promise<Side['overrides']> {
  let current: string
  try {
    current = await readFile(join(dir, 'flake.lock'), 'utf8')
  } catch {
    throw new AppError('not-found', `${dir} has no flake.lock to compare the proposed one with.`, {
      hint: 'Lock the flake first (Inputs area, or nix flake lock).',
    })
  }
  const found = overridesFromChanges(diffLocks(parseLockfile(current), parseLockfile(lockText)))
  if (!found.ok) {
    throw new AppError('bad-request', found.reason, {
      hint: 'Apply the lock change first; then predict the working tree against the last commit.',
    })
  }
  return found.overrides
}
