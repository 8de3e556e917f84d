import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentVersion } from '../../../src/main/services/files/file-content'
import { FilesService } from '../../../src/main/services/files/files-service'
import { toRepoPath } from '../../../src/main/services/files/repo-paths'
import { GitService } from '../../../src/main/services/git'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const git = new GitService(createProcessRunner())
const files = new FilesService(git)

function repo(): string {
  return makeRepo(join(tempDir(), 'cfg'), {
    'flake.nix': minimalFlake,
    'hosts/a.nix': '{ }\n',
    '.gitignore': 'result\nsecret.txt\n',
  })
}

describe('repo paths', () => {
  it.each(['../outside', '/etc/passwd', 'hosts/../../x', '.git/config', '.git', 'a\0b', ''])(
    'refuses %j',
    async (path) => {
      await expect(toRepoPath(repo(), path)).rejects.toMatchObject({ code: 'bad-request' })
    },
  )

  it('refuses a symlink that leads out of the repo', async () => {
    const dir = repo()
    const outside = tempDir()
    writeFileSync(join(outside, 'target.nix'), 'x')
    symlinkSync(outside, join(dir, 'escape'))
    await expect(toRepoPath(dir, 'escape/target.nix')).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('outside the repo'),
    })
    await expect(toRepoPath(dir, 'escape/new.nix')).rejects.toMatchObject({
      code: 'bad-request',
    })
  })

  it('accepts normal paths, normalised', async () => {
    expect(await toRepoPath(repo(), './hosts//a.nix')).toBe('hosts/a.nix')
  })
})

describe('files service', () => {
  it('lists tracked and untracked files, never ignored ones or .git', async () => {
    const dir = repo()
    writeFileSync(join(dir, 'new.nix'), '{ }')
    writeFileSync(join(dir, 'secret.txt'), 'x')
    const tree = await files.tree(dir)
    expect(tree.files).toEqual(['.gitignore', 'flake.nix', 'hosts/a.nix', 'new.nix'])
    expect(tree.untracked).toEqual(['new.nix'])
    expect(tree.status).toEqual([
      { path: 'new.nix', kind: 'untracked', staged: false, unstaged: true },
    ])
  })

  it('leaves out a file git added and then deleted, but keeps a committed one deleted', async () => {
    const dir = repo()
    writeFileSync(join(dir, 'added.nix'), '{ }')
    writeFileSync(join(dir, 'kept.nix'), '{ }')
    await git.add(dir, [await toRepoPath(dir, 'added.nix'), await toRepoPath(dir, 'kept.nix')])
    rmSync(join(dir, 'added.nix'))
    rmSync(join(dir, 'hosts/a.nix'))
    const tree = await files.tree(dir)
    expect(tree.files).toEqual(['.gitignore', 'flake.nix', 'hosts/a.nix', 'kept.nix'])
    expect(tree.status).toEqual([
      { path: 'hosts/a.nix', kind: 'deleted', staged: false, unstaged: true },
      { path: 'kept.nix', kind: 'added', staged: true, unstaged: false },
    ])
  })

  it('opens text with its version and language', async () => {
    const dir = repo()
    const opened = await files.read(dir, await toRepoPath(dir, 'hosts/a.nix'))
    expect(opened).toEqual({
      path: 'hosts/a.nix',
      content: '{ }\n',
      version: contentVersion('{ }\n'),
      size: 4,
      readOnlyReason: null,
      language: 'nix',
    })
  })

  it('opens binary and large files read-only, without content', async () => {
    const dir = repo()
    writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(3 * 1024 * 1024))
    expect(await files.read(dir, await toRepoPath(dir, 'logo.png'))).toMatchObject({
      content: null,
      readOnlyReason: 'binary',
    })
    expect(await files.read(dir, await toRepoPath(dir, 'big.json'))).toMatchObject({
      content: null,
      readOnlyReason: 'too-large',
    })
  })

  it('saves atomically when the disk still has the version the edit started from', async () => {
    const dir = repo()
    const opened = await files.read(dir, await toRepoPath(dir, 'flake.nix'))
    const saved = await files.write(
      dir,
      await toRepoPath(dir, 'flake.nix'),
      '{ outputs = _: { }; }\n',
      opened.version,
    )
    expect(saved.version).toBe(contentVersion('{ outputs = _: { }; }\n'))
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('{ outputs = _: { }; }\n')
    expect(readdirSync(dir).filter((n) => n.includes('flakedeck'))).toEqual([])
  })

  it('never overwrites a change made on disk meanwhile, unless told to', async () => {
    const dir = repo()
    const opened = await files.read(dir, await toRepoPath(dir, 'flake.nix'))
    writeFileSync(join(dir, 'flake.nix'), 'changed elsewhere\n')
    await expect(
      files.write(dir, await toRepoPath(dir, 'flake.nix'), 'mine\n', opened.version),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'flake.nix changed on disk after you opened it.',
    })
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('changed elsewhere\n')
    await files.write(dir, await toRepoPath(dir, 'flake.nix'), 'mine\n', opened.version, true)
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('mine\n')
  })

  it('says so when the file was deleted on disk', async () => {
    const dir = repo()
    const opened = await files.read(dir, await toRepoPath(dir, 'hosts/a.nix'))
    await files.remove(dir, await toRepoPath(dir, 'hosts/a.nix'))
    await expect(
      files.write(dir, await toRepoPath(dir, 'hosts/a.nix'), 'x', opened.version),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'hosts/a.nix was deleted on disk after you opened it.',
    })
    await expect(files.read(dir, await toRepoPath(dir, 'hosts/a.nix'))).rejects.toMatchObject({
      code: 'not-found',
    })
  })

  it('creates, renames and deletes', async () => {
    const dir = repo()
    await files.create(dir, await toRepoPath(dir, 'modules/net.nix'), 'file')
    await expect(
      files.create(dir, await toRepoPath(dir, 'modules/net.nix'), 'file'),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    await files.rename(
      dir,
      await toRepoPath(dir, 'modules/net.nix'),
      await toRepoPath(dir, 'modules/network.nix'),
    )
    await expect(
      files.rename(dir, await toRepoPath(dir, 'hosts/a.nix'), await toRepoPath(dir, 'flake.nix')),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    mkdirSync(join(dir, 'empty'))
    await files.remove(dir, await toRepoPath(dir, 'modules/network.nix'))
    expect((await files.tree(dir)).files).not.toContain('modules/network.nix')
  })
})

describe('saving through a symlink', () => {
  function linkedRepo(): string {
    const dir = repo()
    writeFileSync(join(dir, 'hosts', 'real.nix'), '{ real = 1; }\n')
    symlinkSync('hosts/real.nix', join(dir, 'link.nix'))
    return dir
  }

  it('writes the file the link leads to, and the link stays a link', async () => {
    const dir = linkedRepo()
    const opened = await files.read(dir, await toRepoPath(dir, 'link.nix'))
    expect(opened.content).toBe('{ real = 1; }\n')
    const saved = await files.write(
      dir,
      await toRepoPath(dir, 'link.nix'),
      '{ real = 2; }\n',
      opened.version,
    )
    expect(lstatSync(join(dir, 'link.nix')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'link.nix'))).toBe('hosts/real.nix')
    expect(readFileSync(join(dir, 'hosts', 'real.nix'), 'utf8')).toBe('{ real = 2; }\n')
    expect(saved.version).toBe(contentVersion('{ real = 2; }\n'))
    // Atomic at the target: no temp file left beside it.
    expect(readdirSync(join(dir, 'hosts')).sort()).toEqual(['a.nix', 'real.nix'])
  })

  it('follows a chain of links, and keeps the target mode', async () => {
    const dir = linkedRepo()
    chmodSync(join(dir, 'hosts', 'real.nix'), 0o600)
    symlinkSync('../link.nix', join(dir, 'hosts', 'again.nix'))
    const opened = await files.read(dir, await toRepoPath(dir, 'hosts/again.nix'))
    await files.write(dir, await toRepoPath(dir, 'hosts/again.nix'), 'chained\n', opened.version)
    expect(readFileSync(join(dir, 'hosts', 'real.nix'), 'utf8')).toBe('chained\n')
    expect(statSync(join(dir, 'hosts', 'real.nix')).mode & 0o777).toBe(0o600)
    expect(lstatSync(join(dir, 'hosts', 'again.nix')).isSymbolicLink()).toBe(true)
  })

  it('refuses a save whose target changed on disk meanwhile', async () => {
    const dir = linkedRepo()
    const opened = await files.read(dir, await toRepoPath(dir, 'link.nix'))
    writeFileSync(join(dir, 'hosts', 'real.nix'), '{ other = true; }\n')
    await expect(
      files.write(dir, await toRepoPath(dir, 'link.nix'), 'mine\n', opened.version),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    expect(readFileSync(join(dir, 'hosts', 'real.nix'), 'utf8')).toBe('{ other = true; }\n')
    expect(lstatSync(join(dir, 'link.nix')).isSymbolicLink()).toBe(true)
  })

  it('refuses links that lead outside the repo or into .git, even dangling ones', async () => {
    const dir = repo()
    const outside = tempDir()
    writeFileSync(join(outside, 'victim.nix'), 'untouched\n')
    symlinkSync(join(outside, 'victim.nix'), join(dir, 'out.nix'))
    symlinkSync(join(outside, 'not-yet.nix'), join(dir, 'dangling.nix'))
    symlinkSync('.git/config', join(dir, 'gitconfig.nix'))
    symlinkSync('.git/new-file', join(dir, 'gitnew.nix'))
    for (const path of ['out.nix', 'dangling.nix', 'gitconfig.nix', 'gitnew.nix']) {
      // Some are refused as paths (they lead out), the rest where the write would land.
      const write = async () => files.write(dir, await toRepoPath(dir, path), 'x', null, true)
      await expect(write()).rejects.toMatchObject({
        code: 'bad-request',
      })
    }
    expect(readFileSync(join(outside, 'victim.nix'), 'utf8')).toBe('untouched\n')
    expect(readdirSync(outside)).toEqual(['victim.nix'])
    expect(readFileSync(join(dir, '.git', 'config'), 'utf8')).not.toBe('x')
  })

  it('a dangling link inside the repo creates its target', async () => {
    const dir = repo()
    symlinkSync('hosts/new/b.nix', join(dir, 'b.nix'))
    await files.write(dir, await toRepoPath(dir, 'b.nix'), 'new\n', null)
    expect(readFileSync(join(dir, 'hosts', 'new', 'b.nix'), 'utf8')).toBe('new\n')
    expect(lstatSync(join(dir, 'b.nix')).isSymbolicLink()).toBe(true)
  })
})
