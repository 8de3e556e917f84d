// Sizes, deltas and versions as the Generations area and the `flakedeck` command print them.
import { describe, expect, it } from 'vitest'
import {
  describeVersions,
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
  formatVersions,
  shortRevision,
} from '../../../src/shared/generations/format'
import type { PackageChange } from '../../../src/shared/generations/types'

describe('sizes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [1.25 * 1024 ** 3, '1.25 GiB'],
    [-2048, '-2.0 KiB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('signs deltas', () => {
    expect(formatBytesDelta(3 * 1024 * 1024)).toBe('+3.0 MiB')
    expect(formatBytesDelta(-100)).toBe('-100 B')
    expect(formatBytesDelta(0)).toBe('0 B')
    expect(formatCountDelta(1234)).toBe('+1,234')
    expect(formatCountDelta(-5)).toBe('-5')
    expect(formatCountDelta(0)).toBe('0')
    expect(formatCount(2996)).toBe('2,996')
  })
})

describe('versions', () => {
  const base: PackageChange = {
    name: 'vim',
    kind: 'upgraded',
    oldVersions: ['9.0.1'],
    newVersions: ['9.1.0'],
    outputs: ['out'],
    oldSize: 0,
    newSize: 0,
    sizeDelta: 0,
    oldPathCount: 1,
    newPathCount: 1,
    selected: true,
  }
  it('reads old → new, or the one side that has the package', () => {
    expect(describeVersions(base)).toBe('9.0.1 → 9.1.0')
    expect(describeVersions({ ...base, kind: 'added', oldVersions: [] })).toBe('9.1.0')
    expect(describeVersions({ ...base, kind: 'removed', newVersions: [] })).toBe('9.0.1')
    expect(
      describeVersions({ ...base, kind: 'changed', oldVersions: ['1'], newVersions: ['1'] }),
    ).toBe('1')
    expect(
      describeVersions({ ...base, kind: 'changed', oldVersions: ['1', '2'], newVersions: ['2'] }),
    ).toBe('1, 2 → 2')
  })

  it('marks a path without a version and an empty side', () => {
    expect(formatVersions([''])).toBe('–')
    expect(formatVersions([])).toBe('∅')
  })

  it('shortens a full commit hash only', () => {
    expect(shortRevision('0123456789abcdef0123456789abcdef01234567')).toBe('0123456789ab')
    expect(shortRevision('cafe2')).toBe('cafe2')
  })
})
