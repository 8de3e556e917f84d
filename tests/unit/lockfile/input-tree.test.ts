import { describe, expect, test } from 'vitest'
import { buildInputTree, followsText } from '../../../src/shared/lockfile/input-tree'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { inputTreeSchema } from '../../../src/shared/lockfile/schemas'
import {
  asText,
  now,
  rev,
  rootFollowsLock,
  sampleLock,
  sampleRowIds,
  sampleTree,
} from './sample-locks'

const tree = sampleTree

describe('buildInputTree', () => {
  test('rows go depth first by input name, never by node label', () => {
    const { rows } = tree()
    expect(rows.map((row) => row.id)).toEqual(sampleRowIds)
    const hyprNixpkgs = rows.find((row) => row.id === 'hyprland/nixpkgs')!
    expect(hyprNixpkgs).toMatchObject({ name: 'nixpkgs', depth: 1, path: ['hyprland', 'nixpkgs'] })
    expect(hyprNixpkgs.nodeLabel).toBe('nixpkgs_2')
    expect(rows.find((row) => row.id === 'hyprland')!.childCount).toBe(2)
  })

  test('each row has type, original ref, short locked rev, date and age', () => {
    const nixpkgs = tree().rows.find((row) => row.id === 'nixpkgs')!
    expect(nixpkgs).toMatchObject({
      type: 'github',
      location: 'github:NixOS/nixpkgs',
      originalRef: 'nixos-24.05',
      originalUrl: 'github:NixOS/nixpkgs/nixos-24.05',
      lockedRev: rev('c'),
      shortRev: 'ccccccc',
      lockedUrl: `github:NixOS/nixpkgs/${rev('c')}`,
      ageDays: 5,
      isStale: false,
      follows: null,
    })
    const hyprNixpkgs = tree().rows.find((row) => row.id === 'hyprland/nixpkgs')!
    expect(hyprNixpkgs).toMatchObject({
      type: 'git',
      location: 'https://github.com/NixOS/nixpkgs.git',
      originalRef: 'refs/heads/nixos-unstable',
      ageDays: 120,
    })
  })

  test('follows rows name their target and are not marked stale themselves', () => {
    const { rows } = tree()
    expect(rows.find((row) => row.id === 'home-manager/nixpkgs')).toMatchObject({
      follows: 'nixpkgs',
      nodeLabel: 'nixpkgs',
      lockedRev: rev('c'),
      childCount: 0,
    })
    const themes = rows.find((row) => row.id === 'themes')!
    expect(themes).toMatchObject({
      follows: 'hyprland/systems',
      nodeLabel: 'systems',
      isStale: false,
    })
  })

  test('flake = false inputs are marked', () => {
    const secrets = tree().rows.find((row) => row.id === 'secrets')!
    expect(secrets).toMatchObject({
      isFlake: false,
      type: 'git',
      location: '/srv/secrets',
      originalRef: null,
    })
    expect(tree().rows.find((row) => row.id === 'nixpkgs')!.isFlake).toBe(true)
  })

  test('inputs older than the threshold are stale', () => {
    const result = tree()
    const stale = result.rows.filter((row) => row.isStale).map((row) => row.id)
    expect(stale).toEqual(['hyprland', 'hyprland/nixpkgs', 'hyprland/systems'])
    expect(result.staleCount).toBe(3)
    const strict = buildInputTree(parseLockfile(asText(sampleLock())), { now, staleAfterDays: 7 })
    expect(strict.rows.find((row) => row.id === 'home-manager')!.isStale).toBe(true)
    expect(strict.rows.find((row) => row.id === 'nixpkgs')!.isStale).toBe(false)
  })

  test('copies of one repository at different revisions form a duplicate group', () => {
    const result = tree()
    // github:NixOS/nixpkgs and git+https://github.com/NixOS/nixpkgs.git are the same repo.
    expect(result.duplicates).toEqual([
      {
        id: 'github.com/nixos/nixpkgs',
        revisions: [rev('d'), rev('c')],
        rowIds: ['hyprland/nixpkgs', 'nixpkgs'],
      },
    ])
    const groups = Object.fromEntries(result.rows.map((row) => [row.id, row.duplicateGroup]))
    expect(groups['nixpkgs']).toBe('github.com/nixos/nixpkgs')
    expect(groups['hyprland/nixpkgs']).toBe('github.com/nixos/nixpkgs')
    // A follows row is the same copy, not a duplicate.
    expect(groups['home-manager/nixpkgs']).toBeNull()
    expect(groups['secrets']).toBeNull()
  })

  test('two copies at the same revision are not reported as duplicates', () => {
    const lock = sampleLock() as { nodes: Record<string, { locked: Record<string, unknown> }> }
    lock.nodes.nixpkgs_2!.locked.rev = rev('c')
    lock.nodes.nixpkgs_2!.locked.narHash = 'sha256-np1'
    const result = buildInputTree(parseLockfile(asText(lock)), { now, staleAfterDays: 90 })
    expect(result.duplicates).toEqual([])
  })

  test('the rows match the schema the UI contract uses', () => {
    expect(inputTreeSchema.parse(tree())).toEqual(tree())
  })
})

describe('an input that follows the root flake', () => {
  // `inputs.dep.inputs.flake-compat.follows = ""`: nix locks it as an empty follows path.
  const rows = () =>
    buildInputTree(parseLockfile(asText(rootFollowsLock())), { now, staleAfterDays: 90 }).rows

  test('is a follows row of its own, saying it follows the root flake', () => {
    const row = rows().find((r) => r.id === 'dep/flake-compat')!
    expect(row).toMatchObject({ follows: '', depth: 1, childCount: 0, isStale: false })
    expect(followsText(row.follows!)).toBe('the root flake')
    expect(followsText('home-manager/nixpkgs')).toBe('home-manager/nixpkgs')
    expect(rows().find((r) => r.id === 'dep')!.childCount).toBe(1)
  })

  test('is not taken for a copy of the root in the duplicate check', () => {
    const tree = buildInputTree(parseLockfile(asText(rootFollowsLock())), {
      now,
      staleAfterDays: 90,
    })
    expect(tree.duplicates).toEqual([])
    expect(inputTreeSchema.parse(tree)).toEqual(tree)
  })
})
