import { describe, expect, test } from 'vitest'
import {
  canPin,
  canUpdate,
  duplicateIndex,
  followsProposals,
  hasVersions,
  parentId,
  refKind,
  refLabel,
  tagsNewestFirst,
  visibleRows,
} from '../../../src/renderer/src/areas/inputs/input-tree-view'
import { sampleRowIds, sampleTree } from '../lockfile/sample-locks'

const tree = sampleTree()
const byId = (id: string) => tree.rows.find((row) => row.id === id)!
const ROWS = sampleRowIds

describe('the sample lock', () => {
  test('has what these tests lean on', () => {
    expect(tree.rows.map((row) => row.id)).toEqual(ROWS)
    expect(tree.duplicates.map((g) => g.rowIds)).toEqual([['hyprland/nixpkgs', 'nixpkgs']])
  })

  test('its duplicate gives the follows line nix users write', () => {
    expect(followsProposals(tree.duplicates[0]!, tree.rows).map((p) => p.line)).toEqual([
      'inputs.hyprland.inputs.nixpkgs.follows = "nixpkgs";',
    ])
  })
})

describe('visibleRows', () => {
  test('hides the descendants of collapsed rows, keeps the order', () => {
    expect(visibleRows(tree.rows, new Set()).map((r) => r.id)).toEqual(ROWS)
    expect(visibleRows(tree.rows, new Set(['hyprland'])).map((r) => r.id)).toEqual([
      'home-manager',
      'home-manager/nixpkgs',
      'hyprland',
      'nixpkgs',
      'secrets',
      'themes',
    ])
  })

  test('a collapsed grandparent hides grandchildren too', () => {
    const rows = [
      { path: ['a'] },
      { path: ['a', 'b'] },
      { path: ['a', 'b', 'c'] },
      { path: ['d'] },
    ].map((r) => ({ ...byId('nixpkgs'), id: r.path.join('/'), path: r.path }))
    expect(visibleRows(rows, new Set(['a'])).map((r) => r.id)).toEqual(['a', 'd'])
    expect(visibleRows(rows, new Set(['a/b'])).map((r) => r.id)).toEqual(['a', 'a/b', 'd'])
  })
})

describe('row rules', () => {
  test('parentId', () => {
    expect(parentId({ path: ['nixpkgs'] })).toBeNull()
    expect(parentId({ path: ['home', 'nixpkgs'] })).toBe('home')
    expect(parentId({ path: ['a', 'b', 'c'] })).toBe('a/b')
  })

  test('what can be updated and pinned', () => {
    expect(canUpdate({ follows: null })).toBe(true)
    expect(canUpdate({ follows: 'nixpkgs' })).toBe(false)
    expect(hasVersions({ type: 'github' })).toBe(true)
    expect(hasVersions({ type: 'git' })).toBe(true)
    expect(hasVersions({ type: 'path' })).toBe(false)
    expect(hasVersions({ type: 'tarball' })).toBe(false)
    expect(hasVersions({ type: null })).toBe(false)
    expect(canPin({ depth: 0, follows: null, type: 'github' })).toBe(true)
    expect(canPin({ depth: 1, follows: null, type: 'github' })).toBe(false)
    expect(canPin({ depth: 0, follows: 'x', type: 'github' })).toBe(false)
    expect(canPin({ depth: 0, follows: null, type: 'path' })).toBe(false)
  })

  test('refs, short', () => {
    expect(refLabel({ originalRef: 'nixos-24.05', originalRev: null })).toBe('nixos-24.05')
    expect(refLabel({ originalRef: 'refs/tags/v1', originalRev: null })).toBe('v1')
    expect(refLabel({ originalRef: 'refs/heads/main', originalRev: null })).toBe('main')
    expect(refLabel({ originalRef: null, originalRev: 'a'.repeat(40) })).toBe('@aaaaaaa')
    expect(refLabel({ originalRef: null, originalRev: null })).toBe('')
    expect(refLabel({ originalRef: 'main', originalRev: 'b'.repeat(40) })).toBe('main @bbbbbbb')
    expect(refKind({ originalRef: 'main', originalRev: 'b'.repeat(40) })).toBe('a pinned commit')
    expect(refKind({ originalRef: 'refs/tags/v1', originalRev: null })).toBe('tag')
    expect(refKind({ originalRef: null, originalRev: 'a'.repeat(40) })).toBe('a pinned commit')
    expect(refKind({ originalRef: null, originalRev: null })).toBe('the default branch')
  })
})

describe('duplicates', () => {
  test('each group gets its own marker index', () => {
    const index = duplicateIndex([
      { id: 'github.com/nixos/nixpkgs', revisions: [], rowIds: [] },
      { id: 'github.com/numtide/flake-utils', revisions: [], rowIds: [] },
    ])
    expect(index.get('github.com/nixos/nixpkgs')).toBe(0)
    expect(index.get('github.com/numtide/flake-utils')).toBe(1)
  })

  test('suggests making nested copies follow the flake’s own input', () => {
    const row = (id: string) => ({
      ...tree.rows[0]!,
      id,
      path: id.split('/'),
      depth: id.split('/').length - 1,
    })
    const rows = [row('nixpkgs'), row('home-manager/nixpkgs'), row('a.b/inner/nixpkgs')]
    const group = { id: 'repo', revisions: ['1', '2', '3'], rowIds: rows.map((r) => r.id) }
    expect(followsProposals(group, rows).map((p) => p.line)).toEqual([
      'inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";',
      'inputs."a.b".inputs.inner.inputs.nixpkgs.follows = "nixpkgs";',
    ])
  })

  test('without a top-level copy, the others follow the first', () => {
    const row = (id: string) => ({
      ...tree.rows[0]!,
      id,
      path: id.split('/'),
      depth: id.split('/').length - 1,
    })
    const rows = [row('a/utils'), row('b/utils')]
    const group = { id: 'repo', revisions: ['1', '2'], rowIds: rows.map((r) => r.id) }
    expect(followsProposals(group, rows).map((p) => p.line)).toEqual([
      'inputs.b.inputs.utils.follows = "a/utils";',
    ])
  })
})

describe('tagsNewestFirst', () => {
  test('by version number, not by letters', () => {
    const tags = ['v1', 'v10', 'v2', '23.11', '24.05', 'v9.1'].map((name) => ({ name, rev: name }))
    expect(tagsNewestFirst(tags).map((t) => t.name)).toEqual([
      'v10',
      'v9.1',
      'v2',
      'v1',
      '24.05',
      '23.11',
    ])
  })
})
