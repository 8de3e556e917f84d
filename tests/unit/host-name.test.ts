import { describe, expect, test } from 'vitest'
import { contract } from '../../src/shared/contract'
import { hostNameSchema } from '../../src/shared/host-name'

describe('host names', () => {
  test('every call that names a host checks it by the one rule', () => {
    const hostOf = (method: 'nix.checkHost' | 'predict.run' | 'rebuild.plan' | 'rebuild.start') =>
      contract[method].input.shape.host
    for (const method of [
      'nix.checkHost',
      'predict.run',
      'rebuild.plan',
      'rebuild.start',
    ] as const) {
      expect(hostOf(method), method).toBe(hostNameSchema)
    }
  })

  test('a flake attribute name, never quotes, backslashes or control characters', () => {
    for (const ok of ['box', 'my-laptop', 'host_2', 'a.b', "it's"]) {
      expect(hostNameSchema.safeParse(ok).success, ok).toBe(true)
    }
    for (const bad of ['', 'a"b', 'a\\b', 'a\nb', '-x', 'x'.repeat(254)]) {
      expect(hostNameSchema.safeParse(bad).success, bad).toBe(false)
    }
  })
})
