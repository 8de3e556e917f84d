import { describe, expect, test } from 'vitest'
import {
  describeRef,
  flakeRefToUrl,
  FlakeRefError,
  gitRemoteUrl,
  parseFlakeRef,
  pinnedRefUrl,
  repositoryKey,
} from '../../../src/shared/lockfile/flake-ref'
import type { FlakeRefAttrs } from '../../../src/shared/lockfile/parse-lockfile'
import { rootFollowsLock } from './sample-locks'

const sha = '0123456789abcdef0123456789abcdef01234567'

describe('parseFlakeRef / flakeRefToUrl', () => {
  test.each([
    ['github:NixOS/nixpkgs', { type: 'github', owner: 'NixOS', repo: 'nixpkgs' }],
    [
      'github:NixOS/nixpkgs/nixos-24.05',
      { type: 'github', owner: 'NixOS', repo: 'nixpkgs', ref: 'nixos-24.05' },
    ],
    [`github:NixOS/nixpkgs/${sha}`, { type: 'github', owner: 'NixOS', repo: 'nixpkgs', rev: sha }],
    ['gitlab:foo/bar?dir=sub', { type: 'gitlab', owner: 'foo', repo: 'bar', dir: 'sub' }],
    [
      `git+file:///srv/repo?ref=main&rev=${sha}`,
      { type: 'git', url: 'file:///srv/repo', ref: 'main', rev: sha },
    ],
    [
      'git+https://example.org/a/b.git?ref=refs/tags/v1',
      { type: 'git', url: 'https://example.org/a/b.git', ref: 'refs/tags/v1' },
    ],
    ['git+ssh://git@example.org/a/b', { type: 'git', url: 'ssh://git@example.org/a/b' }],
    ['path:/home/me/flake', { type: 'path', path: '/home/me/flake' }],
    ['https://example.org/x.tar.gz', { type: 'tarball', url: 'https://example.org/x.tar.gz' }],
    ['tarball+https://example.org/latest', { type: 'tarball', url: 'https://example.org/latest' }],
    ['flake:nixpkgs', { type: 'indirect', id: 'nixpkgs' }],
  ])('%s', (url, attrs) => {
    expect(parseFlakeRef(url)).toEqual(attrs)
    expect(flakeRefToUrl(parseFlakeRef(url))).toBe(url)
  })

  test('bare paths and registry names are understood too', () => {
    expect(parseFlakeRef('/etc/nixos')).toEqual({ type: 'path', path: '/etc/nixos' })
    expect(parseFlakeRef('nixpkgs/nixos-unstable')).toEqual({
      type: 'indirect',
      id: 'nixpkgs',
      ref: 'nixos-unstable',
    })
    expect(parseFlakeRef('git+file:///x?submodules=1')).toEqual({
      type: 'git',
      url: 'file:///x',
      submodules: true,
    })
  })

  test('flags are written and read the way nix does: 1 is true, anything else false', () => {
    const url = 'git+https://example.org/a.git?ref=main&shallow=1&submodules=1'
    expect(parseFlakeRef(url)).toEqual({
      type: 'git',
      url: 'https://example.org/a.git',
      ref: 'main',
      shallow: true,
      submodules: true,
    })
    expect(flakeRefToUrl(parseFlakeRef(url))).toBe(url)
    // nix 2.8 and 2.26 read `shallow=true` as false (fetchers/git.cc: value == "1").
    expect(parseFlakeRef('git+file:///x?shallow=true')).toMatchObject({ shallow: false })
    expect(flakeRefToUrl({ type: 'git', url: 'file:///x', shallow: true, allRefs: false })).toBe(
      'git+file:///x?shallow=1&allRefs=0',
    )
    expect(parseFlakeRef(`git+file:///x?rev=${sha}&revCount=12`)).toMatchObject({ revCount: 12 })
  })

  test('lock attrs print without lock bookkeeping', () => {
    expect(
      flakeRefToUrl({
        type: 'git',
        url: 'file:///srv/repo',
        ref: 'main',
        rev: sha,
        revCount: 3,
        lastModified: 1,
        narHash: 'sha256-x',
      }),
    ).toBe(`git+file:///srv/repo?ref=main&rev=${sha}`)
    expect(flakeRefToUrl({ type: 'path', path: '/x', narHash: 'sha256-x', lastModified: 2 })).toBe(
      'path:/x',
    )
  })

  test('nonsense is refused', () => {
    expect(() => parseFlakeRef('')).toThrow(FlakeRefError)
    expect(() => parseFlakeRef('github:onlyowner')).toThrow(/owner and a repository/)
    expect(() => parseFlakeRef('mailto:me@example.org')).toThrow(FlakeRefError)
  })
})

describe('describeRef', () => {
  test('location without ref or rev, and what was asked for', () => {
    expect(describeRef(parseFlakeRef('github:NixOS/nixpkgs/nixos-unstable'))).toEqual({
      type: 'github',
      location: 'github:NixOS/nixpkgs',
      ref: 'nixos-unstable',
      rev: null,
    })
    expect(describeRef(parseFlakeRef('git+file:///srv/repo?ref=dev'))).toMatchObject({
      location: '/srv/repo',
      ref: 'dev',
    })
  })
})

describe('gitRemoteUrl', () => {
  test.each([
    ['github:o/r', 'https://github.com/o/r.git'],
    ['github:o/r?host=git.example.org', 'https://git.example.org/o/r.git'],
    ['gitlab:o/r/main', 'https://gitlab.com/o/r.git'],
    ['sourcehut:~o/r', 'https://git.sr.ht/~o/r'],
    ['git+file:///x/y', '/x/y'],
    ['git+https://example.org/a.git?ref=main', 'https://example.org/a.git'],
    ['git+ssh://git@example.org/a', 'ssh://git@example.org/a'],
  ])('%s → %s', (url, remote) => {
    expect(gitRemoteUrl(parseFlakeRef(url))).toBe(remote)
  })

  test('non-git references have none', () => {
    expect(gitRemoteUrl(parseFlakeRef('path:/x'))).toBeNull()
    expect(gitRemoteUrl(parseFlakeRef('https://example.org/x.tar.gz'))).toBeNull()
  })
})

describe('repositoryKey', () => {
  test('github: and git+https:// of one repo share a key', () => {
    const a = repositoryKey(parseFlakeRef('github:NixOS/nixpkgs/nixos-unstable'))
    expect(
      repositoryKey(parseFlakeRef('git+https://github.com/NixOS/nixpkgs.git?ref=master')),
    ).toBe(a)
    expect(repositoryKey(parseFlakeRef('git+ssh://git@github.com/nixos/nixpkgs'))).toBe(a)
    expect(repositoryKey(parseFlakeRef('github:NixOS/nix'))).not.toBe(a)
  })
})

describe('pinnedRefUrl', () => {
  const github = parseFlakeRef('github:NixOS/nixpkgs/nixos-unstable?dir=lib')
  const git = parseFlakeRef('git+file:///srv/pkgs?ref=main')

  test('github: the ref or rev goes in the path, other params stay', () => {
    expect(pinnedRefUrl(github, { kind: 'branch', name: 'nixos-24.05' })).toBe(
      'github:NixOS/nixpkgs/nixos-24.05?dir=lib',
    )
    expect(pinnedRefUrl(github, { kind: 'tag', name: '24.05' })).toBe(
      'github:NixOS/nixpkgs/24.05?dir=lib',
    )
    expect(pinnedRefUrl(github, { kind: 'commit', rev: sha })).toBe(
      `github:NixOS/nixpkgs/${sha}?dir=lib`,
    )
  })

  test('git: tags become refs/tags/…, commits keep the branch they came from', () => {
    expect(pinnedRefUrl(git, { kind: 'branch', name: 'stable' })).toBe(
      'git+file:///srv/pkgs?ref=stable',
    )
    expect(pinnedRefUrl(git, { kind: 'tag', name: 'v1' })).toBe(
      'git+file:///srv/pkgs?ref=refs/tags/v1',
    )
    expect(pinnedRefUrl(git, { kind: 'commit', rev: sha, branch: 'main' })).toBe(
      `git+file:///srv/pkgs?ref=main&rev=${sha}`,
    )
    expect(pinnedRefUrl(git, { kind: 'commit', rev: sha })).toBe(`git+file:///srv/pkgs?rev=${sha}`)
  })

  test('a shallow git input with submodules stays so: the flags are written as 1', () => {
    // The "original" of a real lock (nix 2.8 and 2.26 write booleans there).
    const original = rootFollowsLock().nodes as Record<string, { original: FlakeRefAttrs }>
    const url = pinnedRefUrl(original.shallowdep!.original, { kind: 'branch', name: 'stable' })
    expect(url).toBe('git+https://example.org/shallow.git?ref=stable&shallow=1&submodules=1')
    expect(parseFlakeRef(url)).toMatchObject({ shallow: true, submodules: true })
  })

  test('bad targets and unpinnable inputs are refused', () => {
    expect(() => pinnedRefUrl(git, { kind: 'commit', rev: 'abc123' })).toThrow(/40 hex/)
    expect(() => pinnedRefUrl(git, { kind: 'branch', name: 'a b' })).toThrow(FlakeRefError)
    expect(() => pinnedRefUrl(git, { kind: 'tag', name: '-x' })).toThrow(FlakeRefError)
    expect(() => pinnedRefUrl(parseFlakeRef('path:/x'), { kind: 'branch', name: 'main' })).toThrow(
      /path input has no branches/,
    )
  })
})
