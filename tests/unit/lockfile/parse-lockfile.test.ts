import { describe, expect, test } from 'vitest'
import {
  LockfileError,
  parseLockfile,
  rootNode,
  tryParseLockfile,
} from '../../../src/shared/lockfile/parse-lockfile'
import { buildInputTree } from '../../../src/shared/lockfile/input-tree'
import { asText, now, sampleLock, sampleLockV5, sampleLockV6 } from './sample-locks'

function problemOf(text: string): string {
  const result = tryParseLockfile(text)
  if (result.ok) throw new Error('expected the lock to be refused')
  return result.error.problem
}

describe('parseLockfile', () => {
  test('reads nodes, root, locked/original, flake = false and both kinds of input', () => {
    const lock = parseLockfile(asText(sampleLock()))
    expect(lock.version).toBe(7)
    expect(lock.rootLabel).toBe('root')
    expect(rootNode(lock).inputs).toMatchObject({
      nixpkgs: 'nixpkgs',
      themes: ['hyprland', 'systems'],
    })
    const secrets = lock.nodes.get('secrets')!
    expect(secrets.isFlake).toBe(false)
    expect(secrets.locked).toMatchObject({ type: 'git', rev: 'e'.repeat(40), revCount: 12 })
    expect(secrets.original).toEqual({ type: 'git', url: 'file:///srv/secrets' })
    expect(lock.nodes.get('nixpkgs')!.isFlake).toBe(true)
    expect(lock.nodes.get('home-manager')!.inputs).toEqual({ nixpkgs: ['nixpkgs'] })
  })

  test('a root with another label is found through "root"', () => {
    const lock = sampleLock() as { nodes: Record<string, unknown>; root: string }
    lock.nodes.top = lock.nodes.root
    delete lock.nodes.root
    lock.root = 'top'
    expect(rootNode(parseLockfile(asText(lock))).label).toBe('top')
  })

  test.each([
    ['5', sampleLockV5],
    ['6', sampleLockV6],
  ])('reads a version %s lock as nix does', (version, make) => {
    const lock = parseLockfile(asText(make()))
    expect(lock.version).toBe(Number(version))
    // Version 5's "info" counts as part of "locked".
    expect(lock.nodes.get('secrets')!.locked).toEqual({
      lastModified: expect.any(Number),
      narHash: 'sha256-sec',
      ref: 'main',
      rev: 'e'.repeat(40),
      revCount: 12,
      type: 'git',
      url: 'file:///srv/secrets',
    })
    const rows = buildInputTree(lock, { now, staleAfterDays: 90 }).rows
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]))
    // Before version 7 a follows names the node it follows: the same lock, shown as an input.
    expect(byId['home-manager/nixpkgs']).toMatchObject({ follows: null, lockedRev: 'c'.repeat(40) })
    expect(byId.themes).toMatchObject({ follows: null, lockedRev: 'f'.repeat(40) })
    expect(byId.nixpkgs).toMatchObject({ ageDays: 5, shortRev: 'ccccccc' })
  })

  test('versions nix does not read are refused, naming the versions and what to do', () => {
    const refused = (version: unknown) => {
      const result = tryParseLockfile(asText({ ...sampleLock(), version }))
      if (result.ok) throw new Error(`expected version ${String(version)} to be refused`)
      return result.error
    }
    for (const version of [4, undefined, '7', 5.5]) {
      const error = refused(version)
      expect(error).toBeInstanceOf(LockfileError)
      expect(error.problem).toBe('unsupported-version')
      expect(error.message).toMatch(/reads lock files of version 5 to 7/)
      // nix refuses such a lock before locking anything: `nix flake lock` alone cannot help.
      expect(error.hint).toMatch(/^Move flake\.lock aside and run "nix flake lock"/)
    }
    expect(refused(4).message).toMatch(/^flake\.lock has version 4;/)
    expect(refused(undefined).message).toMatch(/^flake\.lock has no version;/)
    const newer = refused(8)
    expect(newer.message).toMatch(/^flake\.lock has version 8;/)
    expect(newer.hint).toMatch(/newer nix/)
  })

  test('truncated JSON is called truncated', () => {
    const text = asText(sampleLock())
    for (const cut of [10, text.length / 2, text.length - 3]) {
      expect(problemOf(text.slice(0, Math.floor(cut)))).toBe('truncated')
    }
    expect(() => parseLockfile(text.slice(0, 100))).toThrow(/cut short/)
  })

  test('empty, non-JSON and wrongly shaped files are refused', () => {
    expect(problemOf('')).toBe('empty')
    expect(problemOf('  \n')).toBe('empty')
    expect(problemOf('{"nodes": oops}')).toBe('not-json')
    expect(problemOf('[]')).toBe('invalid-structure')
    expect(problemOf(asText({ version: 7, root: 'root' }))).toBe('invalid-structure')
    expect(problemOf(asText({ version: 7, root: 'root', nodes: {} }))).toBe('invalid-structure')
    const noLocked = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    delete noLocked.nodes.nixpkgs!.locked
    expect(problemOf(asText(noLocked))).toBe('invalid-structure')
    const badInput = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    badInput.nodes.root!.inputs = { nixpkgs: 42 }
    expect(problemOf(asText(badInput))).toBe('invalid-structure')
  })

  test('an input naming a node that does not exist is refused', () => {
    const lock = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    lock.nodes.hyprland!.inputs = { nixpkgs: 'nixpkgs_9' }
    expect(problemOf(asText(lock))).toBe('dangling-node')
    expect(() => parseLockfile(asText(lock))).toThrow(/"nixpkgs_9", which does not exist/)
  })

  test('a dangling follows path is refused and says where it breaks', () => {
    const lock = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    lock.nodes['home-manager']!.inputs = { nixpkgs: ['hyprland', 'nixpkgs-stable'] }
    expect(problemOf(asText(lock))).toBe('dangling-follows')
    expect(() => parseLockfile(asText(lock))).toThrow(
      /follows "hyprland\/nixpkgs-stable".*"hyprland" has no input "nixpkgs-stable"/,
    )
    const missingTop = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    missingTop.nodes['home-manager']!.inputs = { nixpkgs: ['nixos'] }
    expect(() => parseLockfile(asText(missingTop))).toThrow(/the flake itself has no input "nixos"/)
  })

  test('follows paths that point at each other are refused as a cycle', () => {
    const lock = sampleLock() as { nodes: Record<string, Record<string, unknown>> }
    lock.nodes.root!.inputs = { ...(lock.nodes.root!.inputs as object), a: ['b'], b: ['a'] }
    expect(problemOf(asText(lock))).toBe('follows-cycle')
  })
})
