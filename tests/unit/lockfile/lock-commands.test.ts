import { describe, expect, test } from 'vitest'
import { lockChangeArgs } from '../../../src/main/services/inputs/lock-commands'

const nix28 = { flakeUpdateNamedInputs: false }
const nix219 = { flakeUpdateNamedInputs: true }

describe('lock command forms', () => {
  test('nix before 2.19: flake lock --update-input per name; flake update FLAKE for all', () => {
    expect(lockChangeArgs('/f', { kind: 'update', names: ['a', 'b'] }, nix28)).toEqual([
      'flake',
      'lock',
      '/f',
      '--update-input',
      'a',
      '--update-input',
      'b',
    ])
    expect(lockChangeArgs('/f', { kind: 'update-all' }, nix28)).toEqual(['flake', 'update', '/f'])
  })

  test('nix 2.19 and later: flake update NAME… --flake FLAKE', () => {
    expect(lockChangeArgs('/f', { kind: 'update', names: ['a', 'b'] }, nix219)).toEqual([
      'flake',
      'update',
      'a',
      'b',
      '--flake',
      '/f',
    ])
    expect(lockChangeArgs('/f', { kind: 'update-all' }, nix219)).toEqual([
      'flake',
      'update',
      '--flake',
      '/f',
    ])
  })

  test('pins use --override-input on every version', () => {
    for (const caps of [nix28, nix219]) {
      expect(
        lockChangeArgs('/f', { kind: 'override', name: 'a', url: 'github:o/r/v1' }, caps),
      ).toEqual(['flake', 'lock', '/f', '--override-input', 'a', 'github:o/r/v1'])
    }
  })
})
