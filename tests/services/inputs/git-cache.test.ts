import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { AppError } from '../../../src/shared/app-error'
import { GitService } from '../../../src/main/services/git'
import { cacheDirName, GitCache } from '../../../src/main/services/inputs/git-cache'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { commitFiles } from '../../fixtures/inputs-fixture'
import { git, makeRepo } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()

function setup() {
  const upstream = makeRepo(join(temp(), 'upstream'), { 'a.txt': 'a\n' })
  const root = join(temp(), 'git-cache')
  const cache = new GitCache(new GitService(createProcessRunner()), root, 0)
  return { upstream, root, cache }
}

describe('cacheDirName', () => {
  test('readable and unique per url', () => {
    const a = cacheDirName('https://github.com/NixOS/nixpkgs.git')
    expect(a).toMatch(/^github\.com-NixOS-nixpkgs\.git-[0-9a-f]{16}$/)
    expect(cacheDirName('https://github.com/NixOS/nixpkgs')).not.toBe(a)
    expect(cacheDirName('/srv/repo')).toMatch(/^srv-repo-[0-9a-f]{16}$/)
    expect(cacheDirName('../../etc')).not.toContain('/')
  })
})

describe('GitCache', () => {
  test('clones once into the cache, then fetches new commits and prunes deleted branches', async () => {
    const { upstream, root, cache } = setup()
    git(upstream, 'branch', 'topic')
    const dir = await cache.sync(upstream)
    expect(dir).toBe(join(root, cacheDirName(upstream)))
    expect(readdirSync(root)).toEqual([cacheDirName(upstream)])
    expect(git(dir, 'rev-parse', '--is-bare-repository')).toBe('true')

    const second = commitFiles(upstream, { 'b.txt': 'b\n' }, 'second', '2024-05-01T00:00:00Z')
    git(upstream, 'branch', '-D', 'topic')
    await cache.sync(upstream)
    expect(git(dir, 'rev-parse', 'refs/heads/main')).toBe(second)
    expect(git(dir, 'branch', '--list', 'topic')).toBe('')
    const recent = await cache.recentCommits(upstream, 'main', 10)
    expect(recent.map((c) => c.subject)).toEqual(['second', 'initial commit'])
  })

  test('an unreachable repository gives a clear error and leaves no partial clone', async () => {
    const { root, cache } = setup()
    const missing = join(temp(), 'nowhere')
    const error = await cache.sync(missing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toBe(`Could not reach the git repository ${missing}.`)
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([])
    await expect(cache.remoteRefs(missing)).rejects.toThrow(/Could not reach/)
  })

  test('a branch that does not exist is reported', async () => {
    const { upstream, cache } = setup()
    await expect(cache.recentCommits(upstream, 'nope', 5)).rejects.toThrow(
      /branch "nope" does not exist/,
    )
    expect(await cache.commit(upstream, 'f'.repeat(40))).toBeNull()
  })
})
