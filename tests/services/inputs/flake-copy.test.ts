// The copy nix locks instead of the repo: what nix would read in place (git's tracked files, or
// the whole folder outside git), with flake.nix and flake.lock as recorded, and the same lock.
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { GitService } from '../../../src/main/services/git'
import { copyFlake } from '../../../src/main/services/inputs/flake-copy'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { git, makeRepo, writeFiles } from '../../helpers/git-repo'
import { nixLock, realInputsService } from '../../helpers/real-inputs'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
const runner = createProcessRunner()
const gitService = new GitService(runner)

const service = () => realInputsService(temp('flakedeck-data-'))

/** A flake in a sub-folder of a repo, with a relative path input beside it. */
const subFlake = `{
  inputs.common = { url = "path:../common"; flake = false; };
  outputs = { self, common }: { };
}
`

describe('copyFlake', () => {
  test("holds git's tracked files (working-tree content) and the recorded flake texts", async () => {
    const top = makeRepo(join(temp(), 'repo'), {
      'config/flake.nix': 'on disk\n',
      'config/host.nix': 'committed\n',
      'common/data.txt': 'v1\n',
      '.gitignore': 'ignored.txt\n',
    })
    writeFileSync(join(top, 'config', 'host.nix'), 'edited, not committed\n')
    writeFileSync(join(top, 'config', 'untracked.nix'), 'not tracked\n')
    writeFileSync(join(top, 'config', 'ignored.txt'), 'ignored\n')
    symlinkSync('host.nix', join(top, 'config', 'link.nix'))
    git(top, 'add', 'config/link.nix')
    const copy = await copyFlake(gitService, join(top, 'config'), {
      flakeNix: 'recorded flake.nix\n',
      lock: 'recorded lock\n',
    })
    try {
      expect(readFileSync(join(copy.dir, 'host.nix'), 'utf8')).toBe('edited, not committed\n')
      expect(readFileSync(copy.flakeNixPath, 'utf8')).toBe('recorded flake.nix\n')
      expect(readFileSync(copy.lockPath, 'utf8')).toBe('recorded lock\n')
      expect(existsSync(join(copy.dir, 'untracked.nix'))).toBe(false)
      expect(existsSync(join(copy.dir, 'ignored.txt'))).toBe(false)
      expect(readFileSync(join(copy.dir, '..', 'common', 'data.txt'), 'utf8')).toBe('v1\n')
      expect(readFileSync(join(copy.dir, 'link.nix'), 'utf8')).toBe('edited, not committed\n')
      // nix reads only tracked files: flake.nix and flake.lock are, in the copy.
      expect(git(copy.dir, 'ls-files').split('\n').sort()).toEqual([
        'flake.lock',
        'flake.nix',
        'host.nix',
        'link.nix',
      ])
      expect(copy.asRepo(`error: ${copy.flakeNixPath}:1`)).toBe(
        `error: ${join(top, 'config', 'flake.nix')}:1`,
      )
    } finally {
      await copy.dispose()
    }
    expect(existsSync(copy.dir)).toBe(false)
    expect(git(top, 'status', '--porcelain')).toContain('M config/host.nix')
  })

  test("the copy's index is the repo's, without re-hashing; a file in a merge conflict is added as it is", async () => {
    const top = makeRepo(join(temp(), 'repo'), {
      'flake.nix': 'x\n',
      'host.nix': 'base\n',
      'gone.nix': 'deleted in the working tree\n',
    })
    git(top, 'checkout', '-q', '-b', 'other')
    writeFileSync(join(top, 'host.nix'), 'other\n')
    git(top, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'other')
    git(top, 'checkout', '-q', '-')
    writeFileSync(join(top, 'host.nix'), 'mine\n')
    git(top, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'mine')
    expect(() => git(top, 'merge', '-q', 'other')).toThrow()
    rmSync(join(top, 'gone.nix'))
    const copy = await copyFlake(gitService, top, { flakeNix: 'x\n', lock: null })
    try {
      const listed = git(copy.dir, 'ls-files', '--stage').split('\n')
      // The repo's blob, readable through the borrowed objects.
      const flakeBlob = git(top, 'rev-parse', ':flake.nix')
      expect(listed).toContain(`100644 ${flakeBlob} 0\tflake.nix`)
      expect(git(copy.dir, 'cat-file', '-p', flakeBlob)).toBe('x')
      // The conflicted file once, at stage 0, with its working-tree text (conflict markers).
      expect(listed.filter((line) => line.endsWith('\thost.nix'))).toEqual([
        expect.stringMatching(/ 0\thost\.nix$/),
      ])
      expect(readFileSync(join(copy.dir, 'host.nix'), 'utf8')).toContain('<<<<<<<')
      // Deleted in the working tree: listed, as in the repo's index, but not there.
      expect(listed.some((line) => line.endsWith('\tgone.nix'))).toBe(true)
      expect(existsSync(join(copy.dir, 'gone.nix'))).toBe(false)
    } finally {
      await copy.dispose()
    }
    expect(git(top, 'status', '--porcelain')).toContain('UU host.nix')
  })

  test('a sub-folder flake with a relative path input locks as nix locks it in place', async () => {
    const top = makeRepo(join(temp(), 'repo'), {
      'config/flake.nix': subFlake,
      'common/data.txt': 'v1\n',
    })
    const dir = join(top, 'config')
    const result = await service().update(dir, 'all')
    expect(result.lockChanged).toBe(true)
    const written = readFileSync(join(dir, 'flake.lock'), 'utf8')
    expect(written).toContain('"path": "../common"')
    git(top, 'add', 'config/flake.lock')
    nixLock(dir)
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe(written)
  })

  test('a flake whose flake.nix is not yet tracked by git still locks', async () => {
    const top = makeRepo(join(temp(), 'repo'), { 'README.md': 'x\n' })
    writeFiles(top, {
      'flake.nix': subFlake.replace('../common', './common'),
      'common/data.txt': 'v1\n',
    })
    git(top, 'add', 'common')
    const result = await service().update(top, 'all')
    expect(result.lockChanged).toBe(true)
    expect(JSON.parse(readFileSync(join(top, 'flake.lock'), 'utf8'))).toMatchObject({ version: 7 })
    // Flakedeck adds nothing to the user's index.
    expect(git(top, 'status', '--porcelain').split('\n')).toEqual([
      'A  common/data.txt',
      '?? flake.lock',
      '?? flake.nix',
    ])
  })

  test('a flake without inputs and without a lock: nothing to write, no error', async () => {
    const top = makeRepo(join(temp(), 'repo'), { 'flake.nix': '{ outputs = { self }: { }; }\n' })
    const result = await service().update(top, 'all')
    expect(result).toMatchObject({ lockChanged: false, changes: [] })
    expect(existsSync(join(top, 'flake.lock'))).toBe(false)
  })

  test('a flake outside git is copied whole', async () => {
    const dir = temp()
    writeFiles(dir, {
      'flake.nix': subFlake.replace('../common', './common'),
      'common/data.txt': 'v1\n',
    })
    const result = await service().update(dir, 'all')
    expect(result.lockChanged).toBe(true)
    const written = readFileSync(join(dir, 'flake.lock'), 'utf8')
    nixLock(dir)
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe(written)
  })
})
