// Version browsing: the branches, tags and recent commits an input can be pinned to, how far its
// lock is behind the branch it follows, and the commits between two revisions, all from git
// itself (ls-remote and the cached bare clone, git-cache.ts).
import { AppError } from '../../../shared/app-error'
import type {
  CommitRange,
  UpstreamDistance,
  VersionChoices,
} from '../../../shared/lockfile/schemas'
import type { GitCache } from './git-cache'
import { loadFlake } from './flake-state'
import { gitInput, lockedAttr } from './input-remote'

/** Commits a log shows at most. */
export const logLimit = 20

export class InputVersions {
  constructor(private readonly cache: GitCache) {}

  /** Branches, tags and recent commits an input can be pinned to. */
  async versions(
    dir: string,
    name: string,
    options: { commitLimit?: number } = {},
  ): Promise<VersionChoices> {
    const state = await loadFlake(dir)
    const { row, remote } = gitInput(state, name)
    const refs = await this.cache.remoteRefs(remote)
    const lockedRef = row.type === 'git' ? lockedAttr(state, row, 'ref') : null
    const isBranch = (ref: string | null) =>
      ref !== null && refs.branches.some((branch) => branch.name === ref)
    const trackedBranch = isBranch(row.originalRef)
      ? row.originalRef
      : isBranch(lockedRef)
        ? lockedRef
        : refs.head
    const recentCommits = await this.cache.recentCommits(
      remote,
      trackedBranch,
      options.commitLimit ?? 30,
    )
    return {
      input: row.id,
      remote,
      trackedBranch,
      currentRef: row.originalRef,
      lockedRev: row.lockedRev,
      branches: refs.branches,
      tags: refs.tags,
      recentCommits,
    }
  }

  /**
   * How many commits the branch the input follows has after its locked revision, from the
   * cached clone ("12 commits behind nixos-unstable"); 0 when the lock is at its newest.
   */
  async upstreamDistance(dir: string, name: string): Promise<UpstreamDistance> {
    const state = await loadFlake(dir)
    const { row, remote } = gitInput(state, name)
    if (!row.lockedRev) {
      throw new AppError('not-found', `Input "${name}" has no locked revision to compare.`)
    }
    const refs = await this.cache.remoteRefs(remote)
    const lockedRef = row.type === 'git' ? lockedAttr(state, row, 'ref') : null
    const branchNamed = (ref: string | null) =>
      refs.branches.find((b) => ref !== null && (b.name === ref || `refs/heads/${b.name}` === ref))
    const branch = branchNamed(row.originalRef) ?? branchNamed(lockedRef) ?? branchNamed(refs.head)
    if (!branch) {
      throw new AppError('not-found', `${remote} has no branch for "${name}" to follow.`, {
        hint: 'It is locked to a tag or a commit; pick a version to move it.',
      })
    }
    const range = await this.cache.commitsBetween(remote, row.lockedRev, branch.rev, 1)
    const count = (direction: string) => (range.direction === direction ? range.count : 0)
    // commitsBetween counts one side; a diverged pair needs the other side too.
    const behind = count('forward') + count('diverged')
    const ahead = count('backward')
    return { input: row.id, branch: branch.name, behind, ahead }
  }

  /** The commits between two revisions of an input's repository. */
  async commitLog(
    dir: string,
    name: string,
    fromRev: string,
    toRev: string,
    limit = logLimit,
  ): Promise<CommitRange> {
    const state = await loadFlake(dir)
    const { remote } = gitInput(state, name)
    return this.cache.commitsBetween(remote, fromRev, toRev, limit)
  }
}
