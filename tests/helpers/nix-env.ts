// Nix settings for tests: flakes on, no sandbox (root, no daemon), no substituters and an empty
// flake registry, so nix never reaches for the network. `build-users-group =` lets a root nix
// without a daemon build on a machine that has no `nixbld` group (only nix-setup-systemd makes
// one): the settings carry everything, nothing is left to /etc/nix/nix.conf.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function testNixConfig(): string {
  const dir = join(tmpdir(), 'flakedeck-test-nix')
  mkdirSync(dir, { recursive: true })
  const registry = join(dir, 'empty-registry.json')
  writeFileSync(registry, JSON.stringify({ flakes: [], version: 2 }))
  return [
    'experimental-features = nix-command flakes',
    'sandbox = false',
    'substituters =',
    'build-users-group =',
    // Test workers run nix side by side; a shared evaluation cache makes one of them fail now and
    // then with "SQLite database … eval-cache … is busy" (seen under nix 2.26).
    'eval-cache = false',
    `flake-registry = ${registry}`,
  ].join('\n')
}

/** Puts the offline nix settings into this process's environment (children inherit them). */
export function useTestNixConfig(): void {
  process.env.NIX_CONFIG = testNixConfig()
}

/** This machine's nix system (flakes evaluate purely: builtins.currentSystem is not there). */
export const nixSystem = process.arch === 'arm64' ? 'aarch64-linux' : 'x86_64-linux'
