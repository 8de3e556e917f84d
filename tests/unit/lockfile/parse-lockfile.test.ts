import { describe, expect, test } from 'vitest'
import {
  LockfileError,
  parseLockfile,
  rootNode,
  tryParseLockfile,
} from '../../../src/shared/lockfile/parse-lockfile'
import { asText, sampleLock } from './sample-locks'

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

  test('version 6 is refused with a message that names the version', () => {
    const lock = { ...sampleLock(), version: 6 }
    expect(() => parseLockfile(asText(lock))).toThrow(LockfileError)
    expect(() => parseLockfile(asText(lock))).toThrow(/version 6.*version 7/)
    expect(problemOf(asText(lock))).toBe('unsupported-version')
    expect(problemOf(asText({ ...sampleLock(), version: undefined }))).toBe('unsupported-version')
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
