import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { makeFakeUpstreams } from '../../fixtures/fake-nixpkgs'
import { git, makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

async function ok<T>(
  promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>,
): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value as T
}

describe('workspace flows through the core', () => {
  it('refuses repo calls for a repo that was not opened', async () => {
    const core = makeCore()
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake })
    expect(await core.dispatch('files.tree', { repo: dir })).toMatchObject({
      ok: false,
      error: { code: 'repo-not-open' },
    })
  })

  it('tells the UI when a file changes on disk', async () => {
    const core = makeCore()
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake })
    await ok(core.dispatch('repo.open', { path: dir }))
    const seen = new Promise((resolve) => {
      core.events.subscribe((name, payload) => {
        if (name === 'files.changed' && (payload as { path: string }).path === 'flake.nix')
          resolve(payload)
      })
    })
    writeFileSync(join(dir, 'flake.nix'), '{ outputs = _: { }; }\n')
    expect(await seen).toEqual({ repo: dir, path: 'flake.nix', kind: 'change' })
  })

  it('flags untracked files and commits only the selected ones', async () => {
    const core = makeCore()
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake, 'a.nix': '1\n' })
    await ok(core.dispatch('repo.open', { path: dir }))
    writeFileSync(join(dir, 'b.nix'), '2\n')
    writeFileSync(join(dir, 'a.nix'), '3\n')
    const tree = await ok<{ untracked: string[] }>(core.dispatch('files.tree', { repo: dir }))
    expect(tree.untracked).toEqual(['b.nix'])
    const head = await ok<{ content: string }>(
      core.dispatch('git.headContent', { repo: dir, path: 'a.nix' }),
    )
    expect(head.content).toBe('1\n')
    await ok(core.dispatch('git.commit', { repo: dir, paths: ['b.nix'], message: 'Add b' }))
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('Add b')
    expect(git(dir, 'status', '--porcelain')).toBe('M a.nix')
    expect(
      await core.dispatch('git.commit', { repo: dir, paths: ['a.nix'], message: '  ' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('message') },
    })
  })

  it('keeps the open files of a repo for the next session', async () => {
    const core = makeCore()
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake })
    await ok(core.dispatch('repo.open', { path: dir }))
    expect(await ok(core.dispatch('session.get', { repo: dir }))).toEqual({
      openFiles: [],
      activeFile: null,
    })
    await ok(
      core.dispatch('session.set', {
        repo: dir,
        state: { openFiles: ['flake.nix'], activeFile: 'flake.nix' },
      }),
    )
    expect(await ok(core.dispatch('session.get', { repo: dir }))).toEqual({
      openFiles: ['flake.nix'],
      activeFile: 'flake.nix',
    })
  })

  it('creates a new flake from the template that evaluates to the chosen host', async () => {
    const core = makeCore()
    const parent = tempDir()
    const dir = join(parent, 'nixos-config')
    const repo = await ok<{ path: string; head: string }>(
      core.dispatch('repo.create', {
        path: dir,
        hostname: 'workstation',
        homeManager: true,
        userName: 'ada',
      }),
    )
    expect(repo.head).toMatch(/^[0-9a-f]{40}$/)
    expect(git(dir, 'ls-files').split('\n').sort()).toEqual([
      '.gitignore',
      'configuration.nix',
      'flake.nix',
      'home.nix',
    ])
    const flake = readFileSync(join(dir, 'flake.nix'), 'utf8')
    expect(flake).toContain('nixosConfigurations.workstation = nixpkgs.lib.nixosSystem')
    expect(flake).toContain('home-manager.users.ada = import ./home.nix;')
    for (const file of ['flake.nix', 'configuration.nix', 'home.nix']) {
      expect(
        await ok(
          core.dispatch('nix.parse', {
            repo: dir,
            path: file,
            content: readFileSync(join(dir, file), 'utf8'),
          }),
        ),
      ).toEqual([])
    }
    // nixpkgs and home-manager cannot be fetched here: evaluate against local stand-ins.
    const fakes = makeFakeUpstreams(parent)
    const nix = new NixService(createProcessRunner())
    const result = await nix.run([
      'eval',
      '--raw',
      `${dir}#nixosConfigurations.workstation.config.system.build.toplevel.name`,
      '--no-write-lock-file',
      ...fakes.overrides,
    ])
    expect(result.stderr).not.toMatch(/^error/m)
    expect(result.stdout).toBe('nixos-system-workstation')
  })

  it('refuses to create a flake in a folder that is not empty', async () => {
    const core = makeCore()
    const dir = makeRepo(join(tempDir(), 'busy'), { 'x.txt': 'x' })
    expect(
      await core.dispatch('repo.create', { path: dir, hostname: 'h', homeManager: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('is not empty') },
    })
    expect(
      await core.dispatch('repo.create', {
        path: join(tempDir(), 'n'),
        hostname: 'bad name!',
        homeManager: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })
})
