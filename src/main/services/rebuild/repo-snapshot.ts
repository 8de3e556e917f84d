// What a rebuild was made from: the repo's commit, whether the work tree had changes, and a
// hash of flake.lock (which pins every input). Each piece is null when it cannot be known.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GitService } from '../git'

export interface RepoSnapshot {
  gitCommit: string | null
  gitDirty: boolean | null
  flakeLockSha256: string | null
}

export async function snapshotRepo(git: GitService, repo: string): Promise<RepoSnapshot> {
  const [status, flakeLockSha256] = await Promise.all([
    readStatus(git, repo),
    readFile(join(repo, 'flake.lock')).then(
      (data) => createHash('sha256').update(data).digest('hex'),
      () => null,
    ),
  ])
  return { ...status, flakeLockSha256 }
}

const oidHeader = '# branch.oid '

/**
 * The commit and whether the work tree has changes (untracked files count), from one `git
 * status`: it runs beside the build, and each process it forks takes a core from nix (so at a
 * lower priority).
 */
async function readStatus(
  git: GitService,
  repo: string,
): Promise<Pick<RepoSnapshot, 'gitCommit' | 'gitDirty'>> {
  const unknown = { gitCommit: null, gitDirty: null }
  const args = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal']
  const result = await git.run(repo, args, { background: true }).catch(() => null)
  if (!result || result.code !== 0) return unknown
  const entries = result.stdout.split('\0').filter((entry) => entry !== '')
  // "(initial)" before the first commit.
  const oid = entries.find((entry) => entry.startsWith(oidHeader))?.slice(oidHeader.length)
  return {
    gitCommit: oid && /^[0-9a-f]{40,64}$/.test(oid) ? oid : null,
    // Headers start with "# "; every other entry is a changed, unmerged or untracked path.
    gitDirty: entries.some((entry) => !entry.startsWith('# ')),
  }
}
