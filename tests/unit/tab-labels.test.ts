import { describe, expect, it } from 'vitest'
import { tabLabels } from '../../src/renderer/src/areas/files/tab-labels'

const folders = (paths: string[]) =>
  Object.fromEntries([...tabLabels(paths)].map(([path, label]) => [path, label.folder]))

describe('tab labels', () => {
  it('shows only the name when it is unique', () => {
    expect(tabLabels(['flake.nix', 'hosts/a/hardware.nix']).get('hosts/a/hardware.nix')).toEqual({
      name: 'hardware.nix',
      folder: null,
    })
  })

  it('tells same-named files apart by their folder', () => {
    expect(folders(['hosts/a/default.nix', 'hosts/b/default.nix', 'flake.nix'])).toEqual({
      'hosts/a/default.nix': '…/a',
      'hosts/b/default.nix': '…/b',
      'flake.nix': null,
    })
  })

  it('goes up as far as needed, and names the top folder ./', () => {
    expect(folders(['x/hosts/default.nix', 'y/hosts/default.nix', 'default.nix'])).toEqual({
      'x/hosts/default.nix': 'x/hosts',
      'y/hosts/default.nix': 'y/hosts',
      'default.nix': './',
    })
    expect(folders(['a/default.nix', 'b/default.nix'])).toEqual({
      'a/default.nix': 'a',
      'b/default.nix': 'b',
    })
  })
})
