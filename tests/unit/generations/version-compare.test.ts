import { describe, expect, it } from 'vitest'
import {
  compareVersions,
  newestVersion,
  sortVersions,
  versionComponents,
} from '../../../src/shared/generations/version-compare'

describe('compareVersions (nix semantics)', () => {
  // Each pair is strictly older → newer; both directions are checked.
  it.each([
    ['1.0pre1', '1.0'],
    ['2.3.4', '2.10'],
    ['unstable-2024-01-01', 'unstable-2024-05-01'],
    ['1.0', '1.0.1'],
    ['1.0', '1.0a'],
    ['2.3a', '2.3.1'],
    ['1.0pre', '1.0pre1'],
    ['1.0pre3', '1.0a'],
    ['1.0-rc1', '1.0-rc2'],
    ['1.9', '1.10'],
    ['0.9', '1'],
    ['2.39-52', '2.39-53'],
    ['20240101', '20240501'],
    ['24.05.20240101.abcdef', '24.11.20241001.012345'],
    ['1.0a', '1.0b'],
    ['', '0'],
    ['1.2.3', '99999999999999999999'],
  ])('%s < %s', (older, newer) => {
    expect(compareVersions(older, newer)).toBe(-1)
    expect(compareVersions(newer, older)).toBe(1)
  })

  it.each([
    ['1.0', '1.0'],
    ['1.0', '1-0'],
    ['1.01', '1.1'],
    ['', ''],
  ])('%s == %s', (a, b) => {
    expect(compareVersions(a, b)).toBe(0)
  })

  it('splits into components at dots, dashes and digit boundaries', () => {
    expect(versionComponents('1.0pre1')).toEqual(['1', '0', 'pre', '1'])
    expect(versionComponents('unstable-2024-05-01')).toEqual(['unstable', '2024', '05', '01'])
    expect(versionComponents('..a1-')).toEqual(['a', '1'])
  })

  it('sorts and picks the newest', () => {
    const versions = ['2.10', '1.0', '1.0pre1', '2.3.4', '']
    expect(sortVersions(versions)).toEqual(['', '1.0pre1', '1.0', '2.3.4', '2.10'])
    expect(newestVersion(versions)).toBe('2.10')
    expect(newestVersion([])).toBeNull()
  })
})
