import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findOnPath } from '../../src/main/services/path-lookup'
import { nixToolDirs, withNixToolPath } from '../../src/main/services/tool-path'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()

function program(dir: string, name: string) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, name), '#!/bin/sh\n')
  chmodSync(join(dir, name), 0o755)
}

describe('finding tools from a desktop launcher', () => {
  it('finds nix, git, nixos-rebuild and sudo in NixOS profile directories with a minimal PATH', async () => {
    const root = tempDir()
    const home = join(root, 'home/ada')
    program(join(root, 'run/current-system/sw/bin'), 'nix')
    program(join(root, 'run/current-system/sw/bin'), 'nixos-rebuild')
    program(join(root, 'etc/profiles/per-user/ada/bin'), 'git')
    program(join(root, 'run/wrappers/bin'), 'sudo')
    program(join(home, '.nix-profile/bin'), 'nixfmt')

    const minimal = join(root, 'usr/bin') // what a bare launcher gives, with none of the tools
    const path = withNixToolPath(minimal, { root, home, user: 'ada' })
    expect(path.startsWith(minimal)).toBe(true) // the user's own entries keep priority
    expect(await findOnPath('nix', path)).toBe(join(root, 'run/current-system/sw/bin/nix'))
    expect(await findOnPath('nixos-rebuild', path)).toBe(
      join(root, 'run/current-system/sw/bin/nixos-rebuild'),
    )
    expect(await findOnPath('git', path)).toBe(join(root, 'etc/profiles/per-user/ada/bin/git'))
    expect(await findOnPath('sudo', path)).toBe(join(root, 'run/wrappers/bin/sudo'))
    expect(await findOnPath('nixfmt', path)).toBe(join(home, '.nix-profile/bin/nixfmt'))
  })

  it("takes the first of PATH's folders that has the program, skipping one it cannot run", async () => {
    const root = tempDir()
    const [first, second, third] = ['a', 'b', 'c'].map((d) => join(root, d))
    mkdirSync(first!)
    writeFileSync(join(first!, 'tool'), 'not a program\n') // not executable
    program(second!, 'tool')
    program(third!, 'tool')
    const path = [join(root, 'missing'), first, '', second, third].join(':')
    expect(await findOnPath('tool', path)).toBe(join(second!, 'tool'))
    expect(await findOnPath('absent', path)).toBeNull()
  })

  it('adds only directories that exist, once', () => {
    const root = tempDir()
    mkdirSync(join(root, 'run/current-system/sw/bin'), { recursive: true })
    const sw = join(root, 'run/current-system/sw/bin')
    expect(withNixToolPath(`/bin:${sw}`, { root, home: join(root, 'nohome'), user: 'x' })).toBe(
      `/bin:${sw}`,
    )
    expect(withNixToolPath('', { root, home: join(root, 'nohome'), user: 'x' })).toBe(sw)
  })

  it('puts the setuid wrappers first among the added directories (NixOS sudo)', () => {
    expect(nixToolDirs({ root: '/', home: '/home/a', user: 'a' })[0]).toBe('/run/wrappers/bin')
  })
})
