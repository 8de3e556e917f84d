// The changes that take effect only after a reboot are marked and named first, the kernel before
// its initrd, systemd and the init; a package named like the kernel's headers is no reboot.
import { describe, expect, it } from 'vitest'
import { diffSystems } from '../../../src/shared/predict/predict-diff'
import type { RuntimeClosure } from '../../../src/shared/predict/runtime-closure'

let hashes = 0
function closure(names: string[]): RuntimeClosure {
  const paths = new Map<string, { sure: boolean }>()
  for (const name of names) {
    const hash = String(hashes++).padStart(32, 'a')
    paths.set(`/nix/store/${hash}-${name}`, { sure: true })
  }
  return { paths, selected: new Set(), systemDrvs: new Set() }
}

describe('diffSystems: reboot-bound changes', () => {
  it('marks the kernel, its initrd and modules, systemd and the init, and names the kernel first', () => {
    const before = closure([
      'hello-2.12',
      'initrd-linux-6.6.30',
      'kernel-modules',
      'linux-6.6.30',
      'linux-headers-6.6.30',
      'systemd-255.4',
      'nixos-init-0.1',
    ])
    const after = closure([
      'hello-2.13',
      'initrd-linux-6.6.32',
      'kernel-modules',
      'linux-6.6.32',
      'linux-headers-6.6.32',
      'systemd-256.1',
      'nixos-init-0.2',
    ])
    const { changes } = diffSystems(before, after, new Map())
    expect(changes.map((c) => [c.name, c.reboot])).toEqual([
      ['linux', true],
      ['kernel', true],
      ['initrd-linux', true],
      ['systemd', true],
      ['nixos-init', true],
      ['hello', false],
      ['linux-headers', false],
    ])
  })
})
