import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GitService } from '../../src/main/services/git'
import { createProcessRunner } from '../../src/main/services/process-runner'
import { SourceDiffService } from '../../src/main/services/source-diff'
import { git, makeRepo, writeFiles } from '../helpers/git-repo'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
const service = new SourceDiffService(new GitService(createProcessRunner()))

function lock(rev: string, lastModified: number): string {
  return JSON.stringify({
    nodes: {
      nixpkgs: {
        locked: {
          type: 'github',
          owner: 'NixOS',
          repo: 'nixpkgs',
          rev,
          narHash: 'sha256-x',
          lastModified,
        },
        original: { type: 'github', owner: 'NixOS', repo: 'nixpkgs', ref: 'nixos-unstable' },
      },
      root: { inputs: { nixpkgs: 'nixpkgs' } },
    },
    root: 'root',
    version: 7,
  })
}

describe('source diff between two commits', () => {
  it('lists changed files with both sides and the inputs that moved', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': '{ }\n',
      'flake.lock': lock('a'.repeat(40), 1700000000),
      'old.nix': 'old\n',
    })
    const from = git(dir, 'rev-parse', 'HEAD')
    writeFiles(dir, {
      'flake.nix': '{ x = 1; }\n',
      'flake.lock': lock('b'.repeat(40), 1710000000),
      'new.nix': 'new\n',
    })
    git(dir, 'rm', '-q', 'old.nix')
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', 'change')
    const to = git(dir, 'rev-parse', 'HEAD')

    const diff = await service.diff(dir, from, to)
    const byPath = Object.fromEntries(diff.files.map((f) => [f.path, f]))
    expect(byPath['flake.nix']).toMatchObject({
      status: 'modified',
      oldContent: '{ }\n',
      newContent: '{ x = 1; }\n',
    })
    expect(byPath['new.nix']).toMatchObject({
      status: 'added',
      oldContent: null,
      newContent: 'new\n',
    })
    expect(byPath['old.nix']).toMatchObject({
      status: 'deleted',
      oldContent: 'old\n',
      newContent: null,
    })
    expect(diff.inputChanges).toEqual([
      expect.objectContaining({
        id: 'nixpkgs',
        kind: 'updated',
        old: expect.objectContaining({ rev: 'a'.repeat(40) }),
        new: expect.objectContaining({ rev: 'b'.repeat(40) }),
      }),
    ])
  })

  it('says clearly when a commit is not in the repo', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': '{ }\n' })
    const head = git(dir, 'rev-parse', 'HEAD')
    await expect(service.diff(dir, 'f'.repeat(40), head)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('has no commit'),
    })
  })
})
