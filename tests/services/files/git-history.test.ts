// Git history and discarding one file's changes, through the core over real repos.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GitCommit, GitCommitDetails } from '../../../src/shared/contract'
import { git, makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

async function open(files: Record<string, string>) {
  const repo = makeRepo(join(tempDir(), 'repo'), { 'flake.nix': minimalFlake, ...files })
  const core = makeCore({ dataDir: tempDir() })
  expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({ ok: true })
  const ok = async <T>(method: string, input: object): Promise<T> => {
    const result = await core.dispatch(method, { repo, ...input })
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value as T
  }
  return { repo, core, ok }
}

describe('git history', () => {
  it('lists commits newest first with author, date and subject; details give files and diff', async () => {
    const { repo, ok } = await open({ 'hosts/a.nix': '{ }\n', 'old.nix': 'x\n' })
    writeFileSync(join(repo, 'hosts/a.nix'), '{ networking.hostName = "a"; }\n')
    git(repo, 'mv', 'old.nix', 'new.nix')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'Name host a\n\nAnd rename old.nix.')
    const log = await ok<GitCommit[]>('git.log', {})
    expect(log.map((c) => c.subject)).toEqual(['Name host a', 'initial commit'])
    expect(log[0]).toMatchObject({ author: 'Flakedeck Test', email: 'test@flakedeck.invalid' })
    expect(new Date(log[0]!.date).getTime()).not.toBeNaN()
    expect(log[0]!.hash).toMatch(/^[0-9a-f]{40}$/)

    const details = await ok<GitCommitDetails>('git.commitDetails', { hash: log[0]!.hash })
    expect(details.message).toBe('Name host a\n\nAnd rename old.nix.')
    expect(details.files).toEqual([
      { status: 'M', path: 'hosts/a.nix' },
      { status: 'R', path: 'new.nix' },
    ])
    expect(details.diff).toContain('+{ networking.hostName = "a"; }')
    expect(details.truncated).toBe(false)
    // The first commit has no parent: every file is added.
    const first = await ok<GitCommitDetails>('git.commitDetails', { hash: log[1]!.hash })
    expect(first.files.every((f) => f.status === 'A')).toBe(true)
  })

  it('refuses what is not a commit hash, and says when a hash is unknown', async () => {
    const { repo, core } = await open({})
    const bad = await core.dispatch('git.commitDetails', { repo, hash: '--output=/tmp/x' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    const unknown = await core.dispatch('git.commitDetails', { repo, hash: 'deadbeefdeadbeef' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('a repo without commits has an empty history', async () => {
    const repo = join(tempDir(), 'fresh')
    makeRepo(repo, { 'flake.nix': minimalFlake }, { commit: false })
    const core = makeCore({ dataDir: tempDir() })
    await core.dispatch('repo.open', { path: repo })
    expect(await core.dispatch('git.log', { repo })).toEqual({ ok: true, value: [] })
  })
})

describe('discarding one file', () => {
  it('puts a changed file (staged or not) back to HEAD and leaves the others alone', async () => {
    const { repo, ok } = await open({ 'a.nix': 'a\n', 'b.nix': 'b\n' })
    writeFileSync(join(repo, 'a.nix'), 'changed a\n')
    git(repo, 'add', 'a.nix')
    writeFileSync(join(repo, 'a.nix'), 'changed again\n')
    writeFileSync(join(repo, 'b.nix'), 'changed b\n')
    await ok('git.discard', { path: 'a.nix' })
    expect(readFileSync(join(repo, 'a.nix'), 'utf8')).toBe('a\n')
    expect(git(repo, 'status', '--porcelain')).toBe('M b.nix')
  })

  it('brings back a deleted file, and removes a new one from the index and the disk', async () => {
    const { repo, ok } = await open({ 'a.nix': 'a\n' })
    git(repo, 'rm', '-q', 'a.nix')
    writeFileSync(join(repo, 'new.nix'), 'new\n')
    git(repo, 'add', 'new.nix')
    writeFileSync(join(repo, 'untracked.nix'), 'u\n')
    await ok('git.discard', { path: 'a.nix' })
    await ok('git.discard', { path: 'new.nix' })
    await ok('git.discard', { path: 'untracked.nix' })
    expect(readFileSync(join(repo, 'a.nix'), 'utf8')).toBe('a\n')
    expect(existsSync(join(repo, 'new.nix'))).toBe(false)
    expect(existsSync(join(repo, 'untracked.nix'))).toBe(false)
    expect(git(repo, 'status', '--porcelain')).toBe('')
  })

  it('takes the path literally: a glob discards nothing else', async () => {
    const { repo, core } = await open({ 'a.nix': 'a\n', 'b.nix': 'b\n' })
    writeFileSync(join(repo, 'a.nix'), 'changed\n')
    writeFileSync(join(repo, 'b.nix'), 'changed\n')
    await core.dispatch('git.discard', { repo, path: '*.nix' })
    expect(readFileSync(join(repo, 'a.nix'), 'utf8')).toBe('changed\n')
    expect(readFileSync(join(repo, 'b.nix'), 'utf8')).toBe('changed\n')
  })
})
