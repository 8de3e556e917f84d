import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import { DraftsStore } from '../../../src/main/services/files/drafts-store'
import type { RepoPath } from '../../../src/main/services/files/repo-paths'
import { openDatabase } from '../../../src/main/store/database'
import { makeRepo } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
/** The store keeps paths the edge checked; its own tests name them for repos that are not there. */
const checked = (path: string) => path as RepoPath
const makeCore = useCores(tempDir)

async function call(core: Core, method: string, input: unknown): Promise<unknown> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value
}

describe('drafts store (SQLite)', () => {
  it('keeps one draft per repo and file, replaces it, discards it, and outlives the process', () => {
    const dataDir = tempDir('flakedeck-data-')
    let clock = 1000
    const db = openDatabase(dataDir)
    const store = new DraftsStore(db, () => clock)
    store.save('/r/one', { path: checked('flake.nix'), content: 'first', baseVersion: 'v1' })
    store.save('/r/two', { path: checked('flake.nix'), content: 'other repo', baseVersion: 'v9' })
    store.save('/r/one', { path: checked('new.nix'), content: 'a new file', baseVersion: null })
    clock = 2000
    store.save('/r/one', { path: checked('flake.nix'), content: 'second', baseVersion: 'v2' })
    expect(store.list('/r/one')).toEqual([
      { path: 'flake.nix', content: 'second', baseVersion: 'v2', savedAt: 2000 },
      { path: 'new.nix', content: 'a new file', baseVersion: null, savedAt: 1000 },
    ])
    store.discard('/r/one', checked('new.nix'))
    store.discard('/r/one', checked('not-there.nix'))
    db.close()

    // A new process on the same data folder (a restart, or after a crash) finds them.
    const again = openDatabase(dataDir)
    const reopened = new DraftsStore(again)
    expect(reopened.list('/r/one')).toEqual([
      { path: 'flake.nix', content: 'second', baseVersion: 'v2', savedAt: 2000 },
    ])
    expect(reopened.list('/r/two').map((d) => d.content)).toEqual(['other repo'])
    expect(reopened.list('/r/three')).toEqual([])
    again.close()
  })
})

describe('drafts calls', () => {
  it('are offered back with what is on disk now, after a restart of the core', async () => {
    const dataDir = tempDir('flakedeck-data-')
    const repo = makeRepo(join(tempDir('flakedeck-repo-'), 'config'), {
      'flake.nix': '{ }\n',
      'hosts/a.nix': 'a\n',
      'hosts/b.nix': 'b\n',
    })
    const core = makeCore({ dataDir })
    await call(core, 'repo.open', { path: repo })
    const read = async (path: string) =>
      (await call(core, 'files.read', { repo, path })) as { version: string }
    const flakeVersion = (await read('flake.nix')).version
    await call(core, 'drafts.save', {
      repo,
      path: './flake.nix',
      content: '{ edited = true; }\n',
      baseVersion: flakeVersion,
    })
    await call(core, 'drafts.save', {
      repo,
      path: 'hosts/a.nix',
      content: 'mine\n',
      baseVersion: (await read('hosts/a.nix')).version,
    })
    await call(core, 'drafts.save', {
      repo,
      path: 'hosts/b.nix',
      content: 'b\n', // what is on disk
      baseVersion: (await read('hosts/b.nix')).version,
    })
    await call(core, 'drafts.save', { repo, path: 'new.nix', content: 'new\n', baseVersion: null })
    await core.close()

    // Meanwhile, outside Flakedeck: a.nix changes, new.nix still does not exist.
    writeFileSync(join(repo, 'hosts/a.nix'), 'theirs\n')
    const restarted = makeCore({ dataDir })
    await call(restarted, 'repo.open', { path: repo })
    const drafts = (await call(restarted, 'drafts.list', { repo })) as {
      path: string
      content: string
      baseVersion: string | null
      diskVersion: string | null
      sameAsDisk: boolean
    }[]
    expect(drafts.map((d) => d.path)).toEqual([
      'flake.nix',
      'hosts/a.nix',
      'hosts/b.nix',
      'new.nix',
    ])
    const [flake, a, b, created] = drafts
    expect(flake).toMatchObject({
      content: '{ edited = true; }\n',
      baseVersion: flakeVersion,
      diskVersion: flakeVersion,
      sameAsDisk: false,
    })
    expect(a!.diskVersion).not.toBe(a!.baseVersion)
    expect(a!.diskVersion).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toMatchObject({ sameAsDisk: true })
    expect(created).toMatchObject({ baseVersion: null, diskVersion: null, sameAsDisk: false })

    rmSync(join(repo, 'hosts/b.nix'))
    await call(restarted, 'drafts.discard', { repo, path: 'flake.nix' })
    const left = (await call(restarted, 'drafts.list', { repo })) as {
      path: string
      diskVersion: string | null
    }[]
    expect(left.map((d) => [d.path, d.diskVersion === null])).toEqual([
      ['hosts/a.nix', false],
      ['hosts/b.nix', true],
      ['new.nix', true],
    ])
  })

  it('refuses drafts outside the open repo, as every call does', async () => {
    const repo = makeRepo(join(tempDir('flakedeck-repo-'), 'config'), { 'flake.nix': '{ }\n' })
    const core = makeCore()
    await call(core, 'repo.open', { path: repo })
    for (const path of ['../outside.nix', '/etc/passwd', '.git/config']) {
      expect(
        await core.dispatch('drafts.save', { repo, path, content: 'x', baseVersion: null }),
      ).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    }
    expect(
      await core.dispatch('drafts.save', {
        repo,
        path: 'flake.nix',
        content: 1,
        baseVersion: null,
      }),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    expect(
      await core.dispatch('drafts.list', { repo: join(repo, '..', 'not-opened') }),
    ).toMatchObject({ ok: false })
    expect(await call(core, 'drafts.list', { repo })).toEqual([])
  })
})
