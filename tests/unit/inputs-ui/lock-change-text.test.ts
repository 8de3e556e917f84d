import { describe, expect, test } from 'vitest'
import type { CommitRange } from '../../../src/shared/lockfile/schemas'
import {
  daysMoved,
  logHeading,
  logSummary,
  moreText,
  sideText,
  specTitle,
} from '../../../src/renderer/src/areas/inputs/lock-change-text'

const rev = (d: string) => d.repeat(40)
const range = (over: Partial<CommitRange>): CommitRange => ({
  from: rev('a'),
  to: rev('b'),
  direction: 'forward',
  count: 3,
  commits: [],
  more: 0,
  ...over,
})

describe('specTitle', () => {
  test('names what is asked', () => {
    expect(specTitle({ kind: 'update', names: ['nixpkgs'] })).toBe('Update nixpkgs')
    expect(specTitle({ kind: 'update', names: ['nixpkgs', 'home-manager'] })).toBe(
      'Update 2 inputs',
    )
    expect(specTitle({ kind: 'update-all' })).toBe('Update all inputs')
    expect(specTitle({ kind: 'pin', name: 'nixpkgs', target: { kind: 'tag', name: 'v2' } })).toBe(
      'Pin nixpkgs to tag v2',
    )
    expect(
      specTitle({ kind: 'pin', name: 'nixpkgs', target: { kind: 'branch', name: 'stable' } }),
    ).toBe('Pin nixpkgs to branch stable')
    expect(
      specTitle({
        kind: 'pin',
        name: 'x',
        target: { kind: 'commit', rev: rev('c'), branch: 'main' },
      }),
    ).toBe('Pin x to commit ccccccc')
  })
})

describe('commit log words', () => {
  test('direction and count', () => {
    expect(logSummary(range({ count: 1 }))).toBe('1 new commit')
    expect(logSummary(range({ count: 12 }))).toBe('12 new commits')
    expect(logSummary(range({ direction: 'backward', count: 2 }))).toBe('goes back 2 commits')
    expect(logSummary(range({ direction: 'diverged', count: 1 }))).toBe(
      '1 commit on another line of history',
    )
    expect(logSummary(range({ direction: 'same', count: 0 }))).toBe('same revision')
  })

  test('heading and the cap', () => {
    expect(logHeading(range({ count: 25 }))).toBe('Commits this brings in (25, newest first)')
    expect(logHeading(range({ direction: 'backward' }))).toBe(
      'Commits that would be dropped (3, newest first)',
    )
    expect(moreText(range({ more: 5 }))).toBe('and 5 more')
    expect(moreText(range({ more: 0 }))).toBeNull()
  })
})

describe('sides', () => {
  const side = {
    url: 'github:NixOS/nixpkgs/abc',
    rev: rev('a'),
    shortRev: 'aaaaaaa',
    lastModified: Date.UTC(2024, 2, 1) / 1000,
    ref: null,
    follows: null,
  }

  test('short revision and date; the url without a revision; follows', () => {
    expect(sideText(side)).toBe('aaaaaaa (2024-03-01)')
    expect(sideText({ ...side, rev: null, shortRev: null, lastModified: null })).toBe(
      'github:NixOS/nixpkgs/abc',
    )
    expect(sideText({ ...side, follows: 'nixpkgs' })).toBe('follows nixpkgs')
    // `follows = ""`: the input follows the root flake itself.
    expect(sideText({ ...side, follows: '' })).toBe('follows the root flake')
    expect(sideText(null)).toBe('—')
  })

  test('days moved, either way', () => {
    const later = { ...side, lastModified: side.lastModified + 61 * 86_400 }
    expect(daysMoved({ old: side, new: later })).toBe(61)
    expect(daysMoved({ old: later, new: side })).toBe(-61)
    expect(daysMoved({ old: null, new: side })).toBeNull()
  })
})
