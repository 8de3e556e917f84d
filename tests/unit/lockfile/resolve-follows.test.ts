import { describe, expect, test } from 'vitest'
import { parseLockfile, type Lockfile } from '../../../src/shared/lockfile/parse-lockfile'
import {
  findInputNode,
  resolveFollows,
  resolveInput,
} from '../../../src/shared/lockfile/resolve-follows'
import { asText, sampleLock } from './sample-locks'

/** root → a → b, where a/b follows c/d and c/d follows x: follows through follows. */
function chainLock(): Lockfile {
  const node = (inputs: Record<string, unknown> = {}) => ({
    inputs,
    locked: { type: 'path', path: '/x', narHash: 'sha256-x' },
    original: { type: 'path', path: '/x' },
  })
  return parseLockfile(
    asText({
      version: 7,
      root: 'root',
      nodes: {
        root: { inputs: { a: 'a', c: 'c', x: 'x' } },
        a: node({ b: ['c', 'd'] }),
        c: node({ d: ['x'] }),
        x: node(),
      },
    }),
  )
}

describe('resolveFollows', () => {
  test('a one-step follows path resolves from the root, not from the input', () => {
    const lock = parseLockfile(asText(sampleLock()))
    const resolved = resolveFollows(lock, ['nixpkgs'])
    expect(resolved).toMatchObject({ ok: true, label: 'nixpkgs' })
  })

  test('nested follows like ["hyprland", "systems"] walk input names level by level', () => {
    const lock = parseLockfile(asText(sampleLock()))
    expect(resolveFollows(lock, ['hyprland', 'systems'])).toMatchObject({
      ok: true,
      label: 'systems',
    })
    // hyprland's nixpkgs is the node labelled nixpkgs_2, not the root's nixpkgs.
    expect(resolveFollows(lock, ['hyprland', 'nixpkgs'])).toMatchObject({
      ok: true,
      label: 'nixpkgs_2',
    })
    // home-manager's nixpkgs is itself a follows path: it resolves through it.
    expect(resolveFollows(lock, ['home-manager', 'nixpkgs'])).toMatchObject({
      ok: true,
      label: 'nixpkgs',
    })
  })

  test('follows through follows: a/b → c/d → x', () => {
    const lock = chainLock()
    expect(resolveFollows(lock, ['a', 'b'])).toMatchObject({ ok: true, label: 'x' })
    expect(findInputNode(lock, ['a', 'b'])?.label).toBe('x')
    expect(resolveInput(lock, ['c', 'd'])).toMatchObject({ ok: true, label: 'x' })
    expect(resolveInput(lock, 'c')).toMatchObject({ ok: true, label: 'c' })
  })

  test('an empty path is the flake itself', () => {
    const lock = chainLock()
    expect(resolveFollows(lock, [])).toMatchObject({ ok: true, label: 'root' })
  })

  test('a path that leads nowhere says which step is missing', () => {
    const lock = chainLock()
    const resolved = resolveFollows(lock, ['a', 'b', 'zzz'])
    expect(resolved).toMatchObject({ ok: false, reason: 'missing' })
    expect(!resolved.ok && resolved.message).toMatch(/"a\/b" has no input "zzz"/)
    expect(findInputNode(lock, ['nope'])).toBeNull()
  })
})
