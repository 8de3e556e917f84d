import { describe, expect, it } from 'vitest'
import { fuzzyFilter, fuzzyMatch } from '../../src/shared/fuzzy'

const files = [
  'flake.nix',
  'flake.lock',
  'hosts/desktop/default.nix',
  'hosts/desktop/hardware-configuration.nix',
  'hosts/laptop/default.nix',
  'modules/flake-parts/flake.nix',
  'modules/desktop/niri.nix',
  'README.md',
]
const rank = (query: string) => fuzzyFilter(files, query, (f) => f).map((r) => r.item)

describe('fuzzyMatch', () => {
  it('needs every query character, in order, case-insensitively', () => {
    expect(fuzzyMatch('hw', 'hosts/desktop/hardware-configuration.nix')).not.toBeNull()
    expect(fuzzyMatch('HWC', 'hosts/desktop/hardware-configuration.nix')).not.toBeNull()
    expect(fuzzyMatch('wh', 'hardware')).toBeNull()
    expect(fuzzyMatch('nixx', 'flake.nix')).toBeNull()
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] })
  })

  it('ignores spaces in the query', () => {
    expect(fuzzyMatch('lap def', 'hosts/laptop/default.nix')).not.toBeNull()
  })

  it('reports the matched places, preferring word starts over the first occurrence', () => {
    const match = fuzzyMatch('dn', 'hosts/desktop/default.nix')!
    const text = 'hosts/desktop/default.nix'
    expect(match.positions.map((p) => text[p]).join('')).toBe('dn')
    // `d` of default (after the last slash) and `n` of nix (after the dot).
    expect(match.positions).toEqual([text.indexOf('default'), text.indexOf('nix')])
  })

  it('handles long paths and a window-crossing gap', () => {
    const long = `${'a/'.repeat(200)}zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.nix`
    // The first a (an early start ranks higher; long gaps all cost the same) and the x that
    // starts the file name, over 40 characters on, not the one in `.nix`.
    expect(fuzzyMatch('ax', long)!.positions).toEqual([0, long.indexOf('/x') + 1])
  })
})

describe('fuzzyFilter ranks as a VS Code user expects', () => {
  it('an exact file name first, the shorter path winning', () => {
    expect(rank('flake.nix')[0]).toBe('flake.nix')
    expect(rank('flake.nix')).toContain('modules/flake-parts/flake.nix')
  })

  it('folder initials then file name', () => {
    expect(rank('hldef')[0]).toBe('hosts/laptop/default.nix')
    expect(rank('hdhw')[0]).toBe('hosts/desktop/hardware-configuration.nix')
  })

  it('a run of adjacent characters beats scattered ones', () => {
    expect(rank('niri')[0]).toBe('modules/desktop/niri.nix')
  })

  it('keeps the original order with no query, and caps the result', () => {
    expect(rank('')).toEqual(files)
    expect(fuzzyFilter(files, 'nix', (f) => f, 2)).toHaveLength(2)
  })

  it('scores a big repo without a wrong answer from reused buffers', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `pkgs/by-name/p${i}/package-${i}.nix`)
    const found = fuzzyFilter([...many, 'x/pbn/package.nix'], 'pbnpackage.nix', (f) => f, 50)
    expect(found).toHaveLength(50)
    expect(found[0]!.item).toBe('x/pbn/package.nix')
    // A long text first, then a short one: the second must not read the first one's leftovers.
    fuzzyMatch('zz', 'z'.repeat(500))
    expect(fuzzyMatch('ab', 'ba')).toBeNull()
    expect(fuzzyMatch('ab', 'a_b')!.positions).toEqual([0, 2])
  })
})
