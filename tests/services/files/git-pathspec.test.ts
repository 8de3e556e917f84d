// git takes the paths a user names as file names, never as pathspec magic: with a sub-folder of
// a repo open, `:(top)…` or a glob must not reach files outside it (real git, through the core).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { git, makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

async function openSubFolder() {
  const top = makeRepo(join(tempDir(), 'top'), {
    'toplevel.txt': 'committed\n',
    'config/flake.nix': minimalFlake,
    'config/host.nix': '{ }\n',
  })
  // Changes outside the opened folder that a pathspec could pick up.
  writeFileSync(join(top, 'toplevel.txt'), 'changed outside the opened folder\n')
  writeFileSync(join(top, 'config', 'host.nix'), '{ changed = true; }\n')
  const core = makeCore({ dataDir: tempDir() })
  const repo = join(top, 'config')
  expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({ ok: true })
  return { top, repo, core }
}

describe('git paths are literal', () => {
  it.each([':(top)toplevel.txt', ':/toplevel.txt', '*.txt', ':(glob)**/toplevel.txt'])(
    'committing %j from a sub-folder commits nothing outside it',
    async (path) => {
      const { top, repo, core } = await openSubFolder()
      const head = git(top, 'rev-parse', 'HEAD')
      const result = await core.dispatch('git.commit', { repo, paths: [path], message: 'x' })
      expect(result.ok).toBe(false)
      expect(git(top, 'rev-parse', 'HEAD')).toBe(head)
      expect(git(top, 'diff', '--cached', '--name-only')).toBe('')
      expect(git(top, 'status', '--porcelain')).toContain(' M toplevel.txt')
    },
  )

  it('git.add of a magic pathspec stages nothing outside the folder', async () => {
    const { top, repo, core } = await openSubFolder()
    await core.dispatch('git.add', { repo, paths: [':(top)toplevel.txt'] })
    expect(git(top, 'diff', '--cached', '--name-only')).toBe('')
  })

  it('a file whose name looks like magic is committed as that file', async () => {
    const { top, repo, core } = await openSubFolder()
    mkdirSync(join(repo, 'odd'), { recursive: true })
    writeFileSync(join(repo, 'odd', ':(top)x.nix'), '{ }\n')
    const result = await core.dispatch('git.commit', {
      repo,
      paths: ['odd/:(top)x.nix'],
      message: 'odd name',
    })
    expect(result).toMatchObject({ ok: true })
    expect(git(top, 'show', '--name-only', '--format=', 'HEAD')).toBe('config/odd/:(top)x.nix')
    expect(git(top, 'status', '--porcelain')).toContain(' M toplevel.txt')
  })
})
