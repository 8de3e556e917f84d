import { describe, expect, test } from 'vitest'
import { diffLocks, lockCommitMessage, lockDate } from '../../../src/shared/lockfile/lock-diff'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { asText, rev, sampleLock } from './sample-locks'

type Nodes = Record<string, { locked: Record<string, unknown>; inputs?: Record<string, unknown> }>

function changed(edit: (nodes: Nodes, lock: Record<string, unknown>) => void) {
  const before = sampleLock()
  const after = sampleLock()
  edit(after.nodes as Nodes, after)
  return diffLocks(parseLockfile(asText(before)), parseLockfile(asText(after)))
}

describe('diffLocks', () => {
  test('an updated input shows old and new revision and date, by input name', () => {
    const changes = changed((nodes) => {
      nodes.nixpkgs_2!.locked.rev = rev('9')
      nodes.nixpkgs_2!.locked.lastModified = 1717000000
    })
    expect(changes).toEqual([
      {
        id: 'hyprland/nixpkgs',
        path: ['hyprland', 'nixpkgs'],
        kind: 'updated',
        type: 'git',
        old: expect.objectContaining({ rev: rev('d'), shortRev: 'ddddddd' }),
        new: expect.objectContaining({ rev: rev('9'), lastModified: 1717000000 }),
      },
    ])
  })

  test('an input that follows an updated one is not listed as changed itself', () => {
    const changes = changed((nodes) => {
      nodes.nixpkgs!.locked.rev = rev('8')
    })
    expect(changes.map((c) => c.id)).toEqual(['nixpkgs'])
  })

  test('added, removed and follows changes', () => {
    const changes = changed((nodes) => {
      delete (nodes as Record<string, unknown>).secrets
      const root = nodes.root as unknown as { inputs: Record<string, unknown> }
      delete root.inputs.secrets
      root.inputs.extra = 'systems'
      nodes['home-manager']!.inputs = { nixpkgs: ['hyprland', 'nixpkgs'] }
    })
    expect(changes.map((c) => [c.id, c.kind])).toEqual([
      ['extra', 'added'],
      ['home-manager/nixpkgs', 'follows-changed'],
      ['secrets', 'removed'],
    ])
  })

  test('nothing changed, nothing listed; a first lock adds everything', () => {
    expect(changed(() => {})).toEqual([])
    const fresh = diffLocks(null, parseLockfile(asText(sampleLock())))
    expect(fresh.every((c) => c.kind === 'added')).toBe(true)
  })
})

describe('lockCommitMessage', () => {
  test('is worded like nix --commit-lock-file', () => {
    const changes = changed((nodes) => {
      nodes.nixpkgs!.locked.rev = rev('8')
      nodes.nixpkgs!.locked.lastModified = Date.UTC(2024, 5, 2) / 1000
    })
    expect(lockCommitMessage(changes)).toBe(
      [
        'flake.lock: Update',
        '',
        'Flake lock file updates:',
        '',
        "• Updated input 'nixpkgs':",
        `    'github:NixOS/nixpkgs/${rev('c')}' (2024-05-27)`,
        `  → 'github:NixOS/nixpkgs/${rev('8')}' (2024-06-02)`,
        '',
      ].join('\n'),
    )
    expect(lockDate(null)).toBeNull()
  })
})
