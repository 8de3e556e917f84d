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
  const [gitCommit, gitDirty, flakeLockSha256] = await Promise.all([
    git.headCommit(repo).catch(() => null),
    git.isDirty(repo).catch(() => null),
    readFile(join(repo, 'flake.lock')).then(
      (data) => createHash('sha256').update(data).digest('hex'),
      () => null,
    ),
  ])
  return { gitCommit, gitDirty, flakeLockSha256 }
}
