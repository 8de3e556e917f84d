// Hand-written flake.lock texts in the shape nix writes, for the pure lockfile tests.
import { buildInputTree, type InputTree } from '../../../src/shared/lockfile/input-tree'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'

const day = 86_400
/** 2024-06-01T00:00:00Z, the "now" the tests use. */
export const now = Date.UTC(2024, 5, 1)
const nowSeconds = now / 1000

export const rev = (digit: string) => digit.repeat(40)

/** A NixOS config: nixpkgs, home-manager following it, a second nixpkgs via `hyprland`. */
export function sampleLock(): Record<string, unknown> {
  return {
    nodes: {
      'home-manager': {
        inputs: { nixpkgs: ['nixpkgs'] },
        locked: {
          lastModified: nowSeconds - 10 * day,
          narHash: 'sha256-hm',
          owner: 'nix-community',
          repo: 'home-manager',
          rev: rev('a'),
          type: 'github',
        },
        original: {
          owner: 'nix-community',
          ref: 'release-24.05',
          repo: 'home-manager',
          type: 'github',
        },
      },
      hyprland: {
        inputs: { nixpkgs: 'nixpkgs_2', systems: 'systems' },
        locked: {
          lastModified: nowSeconds - 200 * day,
          narHash: 'sha256-hypr',
          owner: 'hyprwm',
          repo: 'Hyprland',
          rev: rev('b'),
          type: 'github',
        },
        original: { owner: 'hyprwm', repo: 'Hyprland', type: 'github' },
      },
      nixpkgs: {
        locked: {
          lastModified: nowSeconds - 5 * day,
          narHash: 'sha256-np1',
          owner: 'NixOS',
          repo: 'nixpkgs',
          rev: rev('c'),
          type: 'github',
        },
        original: { owner: 'NixOS', ref: 'nixos-24.05', repo: 'nixpkgs', type: 'github' },
      },
      nixpkgs_2: {
        locked: {
          lastModified: nowSeconds - 120 * day,
          narHash: 'sha256-np2',
          ref: 'refs/heads/nixos-unstable',
          rev: rev('d'),
          type: 'git',
          url: 'https://github.com/NixOS/nixpkgs.git',
        },
        original: {
          ref: 'refs/heads/nixos-unstable',
          type: 'git',
          url: 'https://github.com/NixOS/nixpkgs.git',
        },
      },
      root: {
        inputs: {
          'home-manager': 'home-manager',
          hyprland: 'hyprland',
          nixpkgs: 'nixpkgs',
          secrets: 'secrets',
          themes: ['hyprland', 'systems'],
        },
      },
      secrets: {
        flake: false,
        locked: {
          lastModified: nowSeconds - 30 * day,
          narHash: 'sha256-sec',
          ref: 'main',
          rev: rev('e'),
          revCount: 12,
          type: 'git',
          url: 'file:///srv/secrets',
        },
        original: { type: 'git', url: 'file:///srv/secrets' },
      },
      systems: {
        locked: {
          lastModified: nowSeconds - 400 * day,
          narHash: 'sha256-sys',
          owner: 'nix-systems',
          repo: 'default-linux',
          rev: rev('f'),
          type: 'github',
        },
        original: { owner: 'nix-systems', repo: 'default-linux', type: 'github' },
      },
    },
    root: 'root',
    version: 7,
  }
}

/**
 * What nix 2.8 and 2.26 both write for a flake with `inputs.dep.inputs.flake-compat.follows = ""`
 * (dep's input follows the root flake: nix's way to turn it off) and a shallow git input
 * (`git+https://…?shallow=1`), as captured from `nix flake lock` with both.
 */
export function rootFollowsLock(): Record<string, unknown> {
  return {
    nodes: {
      dep: {
        inputs: { 'flake-compat': [] },
        locked: {
          lastModified: nowSeconds - 3 * day,
          narHash: 'sha256-i2s3L4a0YcbqcoGsDNHHKd/EKHhueKj5T8kj8aghKkM=',
          ref: 'refs/heads/main',
          rev: rev('1'),
          revCount: 4,
          type: 'git',
          url: 'https://example.org/dep.git',
        },
        original: { type: 'git', url: 'https://example.org/dep.git' },
      },
      root: { inputs: { dep: 'dep', shallowdep: 'shallowdep' } },
      shallowdep: {
        locked: {
          lastModified: nowSeconds - 3 * day,
          narHash: 'sha256-wBR4DyvIRoS6mPte4lnoL8X5vU7TWuH2Ck7Phl7MXPg=',
          ref: 'refs/heads/master',
          rev: rev('2'),
          shallow: true,
          submodules: true,
          type: 'git',
          url: 'https://example.org/shallow.git',
        },
        original: {
          shallow: true,
          submodules: true,
          type: 'git',
          url: 'https://example.org/shallow.git',
        },
      },
    },
    root: 'root',
    version: 7,
  }
}

/**
 * sampleLock() as nix before 2.4 wrote it (version 6, lockfile.cc before June 2020): a follows
 * was not recorded as such; the input names the node it followed.
 */
export function sampleLockV6(): Record<string, unknown> {
  const lock = sampleLock() as { nodes: Record<string, { inputs?: Record<string, unknown> }> }
  lock.nodes['home-manager']!.inputs = { nixpkgs: 'nixpkgs' }
  lock.nodes.root!.inputs = { ...lock.nodes.root!.inputs, themes: 'systems' }
  return { ...lock, version: 6 }
}

/** Version 5 (nix of early 2020): narHash, lastModified and revCount sit in "info". */
export function sampleLockV5(): Record<string, unknown> {
  const lock = sampleLockV6() as { nodes: Record<string, Record<string, unknown>> }
  for (const node of Object.values(lock.nodes)) {
    const locked = node.locked as Record<string, unknown> | undefined
    if (!locked) continue
    const { narHash, lastModified, revCount, ...rest } = locked
    node.locked = rest
    node.info = { narHash, lastModified, ...(revCount === undefined ? {} : { revCount }) }
  }
  return { ...lock, version: 5 }
}

export const asText = (lock: unknown): string => `${JSON.stringify(lock, null, 2)}\n`

/** The sample lock as the Inputs tree shows it at `now`, stale after 90 days. */
export const sampleTree = (): InputTree =>
  buildInputTree(parseLockfile(asText(sampleLock())), { now, staleAfterDays: 90 })

/** The sample tree's row ids: depth first by input name, never by node label. */
export const sampleRowIds = [
  'home-manager',
  'home-manager/nixpkgs',
  'hyprland',
  'hyprland/nixpkgs',
  'hyprland/systems',
  'nixpkgs',
  'secrets',
  'themes',
]
