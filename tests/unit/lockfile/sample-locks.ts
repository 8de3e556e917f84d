// Hand-written flake.lock texts in the shape nix writes, for the pure lockfile tests.

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

export const asText = (lock: unknown): string => `${JSON.stringify(lock, null, 2)}\n`
