// What a run records of the repo it was made from, read beside the build with one git process.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GitService } from '../../../src/main/services/git'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { snapshotRepo } from '../../../src/main/services/rebuild/repo-snapshot'
import { git, makeRepo } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

/** A git service that counts the processes it starts. */
class CountingGit extends GitService {
  processes = 0
  override run(...args: Parameters<GitService['run']>) {
    this.processes++
    return super.run(...args)
  }
  override runChecked(...args: Parameters<GitService['runChecked']>) {
    this.processes++
    return super.runChecked(...args)
  }
}

describe('snapshotRepo', () => {
  it('reads the commit and a clean tree with one git process', async () => {
    const repo = tempDir()
    makeRepo(repo, { 'flake.nix': '{ outputs = _: { }; }\n', 'flake.lock': '{}\n' })
    const counting = new CountingGit(createProcessRunner())
    const snapshot = await snapshotRepo(counting, repo)
    expect(snapshot).toEqual({
      gitCommit: git(repo, 'rev-parse', 'HEAD'),
      gitDirty: false,
      flakeLockSha256: createHash('sha256').update('{}\n').digest('hex'),
    })
    expect(counting.processes).toBe(1)
  })

  it('counts a changed file, a staged one and an untracked one as changes', async () => {
    const git1 = new GitService(createProcessRunner())
    for (const change of ['changed', 'staged', 'untracked'] as const) {
      const repo = tempDir()
      makeRepo(repo, { 'flake.nix': '{ }\n' })
      if (change === 'untracked') writeFileSync(join(repo, 'new.nix'), '{ }\n')
      else writeFileSync(join(repo, 'flake.nix'), '{ outputs = _: { }; }\n')
      if (change === 'staged') git(repo, 'add', 'flake.nix')
      const snapshot = await snapshotRepo(git1, repo)
      expect(snapshot.gitDirty, change).toBe(true)
      expect(snapshot.gitCommit, change).toBe(git(repo, 'rev-parse', 'HEAD'))
    }
  })

  it('knows no commit before the first one, and nothing outside a repo', async () => {
    const service = new GitService(createProcessRunner())
    const fresh = tempDir()
    makeRepo(fresh, { 'flake.nix': '{ }\n' }, { commit: false })
    expect(await snapshotRepo(service, fresh)).toMatchObject({ gitCommit: null, gitDirty: true })
    const plain = tempDir()
    mkdirSync(join(plain, 'sub'))
    expect(await snapshotRepo(service, join(plain, 'sub'))).toEqual({
      gitCommit: null,
      gitDirty: null,
      flakeLockSha256: null,
    })
  })
})
