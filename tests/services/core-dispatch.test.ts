import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { useTempDirs } from '../helpers/temp-dir'
import { useCores } from '../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

describe('core dispatch', () => {
  it('validates every payload before a handler runs', async () => {
    const core = makeCore()
    expect(await core.dispatch('repo.open', { path: 42 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('path') },
    })
    expect(await core.dispatch('repo.open', { path: '/x', extra: true })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(await core.dispatch('repo.open', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(await core.dispatch('settings.set', { inputAgeWarningDays: -1 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })

  it('refuses unknown calls', async () => {
    expect(await makeCore().dispatch('fs.deleteEverything', {})).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'Unknown call "fs.deleteEverything".' },
    })
  })

  it('says desktop-only calls are unavailable in browser mode', async () => {
    expect(await makeCore().dispatch('shell.pickFolder', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    })
  })

  it('reports status with nix and git found', async () => {
    const result = await makeCore().dispatch('app.status', {})
    expect(result).toMatchObject({
      ok: true,
      value: { shell: 'browser', nix: { found: true, problem: null }, git: { found: true } },
    })
  })

  it('keeps settings, with defaults for what was never set', async () => {
    const core = makeCore()
    const before = await core.dispatch('settings.get', {})
    expect(before).toMatchObject({
      ok: true,
      value: { profilePath: '/nix/var/nix/profiles/system' },
    })
    const after = await core.dispatch('settings.set', {
      profilePath: '/tmp/p/system',
      inputAgeWarningDays: 30,
    })
    expect(after).toMatchObject({
      ok: true,
      value: { profilePath: '/tmp/p/system', inputAgeWarningDays: 30, formatter: 'nixfmt' },
    })
  })
})

describe('opening a repo', () => {
  it('opens a flake repo and lists it as recent', async () => {
    const core = makeCore()
    const repo = makeRepo(join(tempDir(), 'config'), { 'flake.nix': minimalFlake })
    const opened = await core.dispatch('repo.open', { path: repo })
    expect(opened).toMatchObject({ ok: true, value: { path: repo, name: 'config', dirty: false } })
    expect(await core.dispatch('repo.recent', {})).toMatchObject({
      ok: true,
      value: [{ path: repo, name: 'config' }],
    })
    writeFileSync(join(repo, 'new.nix'), '{ }\n')
    expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({
      ok: true,
      value: { dirty: true },
    })
    expect(await core.dispatch('repo.forget', { path: repo })).toEqual({ ok: true, value: [] })
  })

  it.each([
    ['a relative path', () => 'relative/path', 'bad-request', 'is not an absolute path'],
    ['a missing path', (d: string) => join(d, 'missing'), 'not-found', 'There is no folder at'],
    [
      'a file',
      (d: string) => {
        writeFileSync(join(d, 'f'), 'x')
        return join(d, 'f')
      },
      'not-a-directory',
      'is a file, not a folder',
    ],
    [
      'a folder outside git',
      (d: string) => {
        mkdirSync(join(d, 'plain'))
        return join(d, 'plain')
      },
      'not-a-git-repo',
      'is not a git repository',
    ],
    [
      'a repo without flake.nix',
      (d: string) => makeRepo(join(d, 'r'), { 'README.md': 'x' }),
      'not-a-flake',
      'has no flake.nix',
    ],
  ])('refuses %s with a clear message and a hint', async (_label, make, code, text) => {
    const core = makeCore()
    const result = await core.dispatch('repo.open', { path: make(tempDir()) })
    expect(result).toMatchObject({
      ok: false,
      error: { code, message: expect.stringContaining(text), hint: expect.any(String) },
    })
    expect(await core.dispatch('repo.recent', {})).toEqual({ ok: true, value: [] })
  })
})
