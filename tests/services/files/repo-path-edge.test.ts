// Every call that names a path inside the repo has it checked once, at the core's edge, before
// any service sees it: `..`, absolute paths, .git and a symlink that leads out are refused the
// same way whichever area asks (files, git, nix, drafts), and nothing outside is read or written.
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

async function setup(): Promise<{ core: Core; repo: string; outside: string }> {
  const core = makeCore()
  const repo = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake })
  const outside = tempDir('flakedeck-outside-')
  writeFileSync(join(outside, 'secret.nix'), 'secret\n')
  symlinkSync(outside, join(repo, 'escape'))
  expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({ ok: true })
  return { core, repo, outside }
}

/** Each call that takes a path, with that path. */
function callsWith(repo: string, path: string): [string, Record<string, unknown>][] {
  return [
    ['files.read', { repo, path }],
    ['files.write', { repo, path, content: 'x', baseVersion: null, overwrite: true }],
    ['files.create', { repo, path, kind: 'file' }],
    ['files.rename', { repo, from: 'flake.nix', to: path }],
    ['files.delete', { repo, path }],
    ['git.headContent', { repo, path }],
    ['git.add', { repo, paths: [path] }],
    ['git.discard', { repo, path }],
    ['git.commit', { repo, paths: [path], message: 'x' }],
    ['nix.parse', { repo, path, content: '{ }' }],
    ['nix.format', { repo, path, content: '{ }' }],
    ['drafts.save', { repo, path, content: 'x', baseVersion: null }],
    ['drafts.discard', { repo, path }],
  ]
}

describe('paths inside the repo, checked at the edge', () => {
  it.each(['escape/secret.nix', 'escape/new.nix', '../outside.nix', 'a/../../outside.nix'])(
    'every call refuses %j',
    async (path) => {
      const { core, repo, outside } = await setup()
      for (const [method, input] of callsWith(repo, path)) {
        expect(await core.dispatch(method, input), method).toMatchObject({
          ok: false,
          error: { code: 'bad-request' },
        })
      }
      expect(readdirSync(outside)).toEqual(['secret.nix'])
      expect(readFileSync(join(outside, 'secret.nix'), 'utf8')).toBe('secret\n')
      expect(readFileSync(join(repo, 'flake.nix'), 'utf8')).toBe(minimalFlake)
    },
  )

  it('a path inside, spelled loosely, reaches the services normalised', async () => {
    const { core, repo } = await setup()
    expect(await core.dispatch('files.read', { repo, path: './flake.nix' })).toMatchObject({
      ok: true,
      value: { path: 'flake.nix', content: minimalFlake },
    })
    expect(
      await core.dispatch('drafts.save', {
        repo,
        path: 'hosts//../flake.nix',
        content: 'draft',
        baseVersion: null,
      }),
    ).toMatchObject({ ok: true })
    expect(await core.dispatch('drafts.list', { repo })).toMatchObject({
      ok: true,
      value: [{ path: 'flake.nix', content: 'draft' }],
    })
  })
})
