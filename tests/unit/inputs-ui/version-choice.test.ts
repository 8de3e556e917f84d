import { describe, expect, test } from 'vitest'
import {
  choiceKey,
  choiceRev,
  matchesFilter,
  pinTarget,
  pinTargetLabel,
  type VersionChoice,
} from '../../../src/renderer/src/areas/inputs/version-choice'

const rev = (d: string) => d.repeat(40)
const commit: VersionChoice = {
  kind: 'commit',
  commit: {
    rev: rev('c'),
    shortRev: 'ccccccc',
    date: 1_700_000_000,
    author: 'Jane Doe',
    subject: 'hello: 2.12 -> 2.13',
  },
  branch: 'nixos-unstable',
}
const tag: VersionChoice = { kind: 'tag', name: '24.05', rev: rev('t') }
const branch: VersionChoice = { kind: 'branch', name: 'nixos-24.05', rev: rev('b') }

describe('version choices', () => {
  test('become the pin the core takes', () => {
    expect(pinTarget(branch)).toEqual({ kind: 'branch', name: 'nixos-24.05' })
    expect(pinTarget(tag)).toEqual({ kind: 'tag', name: '24.05' })
    expect(pinTarget(commit)).toEqual({ kind: 'commit', rev: rev('c'), branch: 'nixos-unstable' })
    expect(pinTarget({ ...commit, branch: null })).toEqual({ kind: 'commit', rev: rev('c') })
  })

  test('keys, revisions, labels', () => {
    expect(new Set([commit, tag, branch].map(choiceKey)).size).toBe(3)
    expect([commit, tag, branch].map(choiceRev)).toEqual([rev('c'), rev('t'), rev('b')])
    expect(pinTargetLabel(pinTarget(commit))).toBe('commit ccccccc')
    expect(pinTargetLabel(pinTarget(tag))).toBe('tag 24.05')
  })

  test('filter by name, revision, subject or author, ignoring case', () => {
    expect(matchesFilter(commit, '')).toBe(true)
    expect(matchesFilter(commit, 'HELLO')).toBe(true)
    expect(matchesFilter(commit, 'jane')).toBe(true)
    expect(matchesFilter(commit, 'cccc')).toBe(true)
    expect(matchesFilter(commit, 'world')).toBe(false)
    expect(matchesFilter(branch, '24.05')).toBe(true)
    expect(matchesFilter(tag, 'unstable')).toBe(false)
  })
})
