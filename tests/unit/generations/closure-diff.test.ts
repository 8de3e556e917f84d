import { describe, expect, it } from 'vitest'
import { diffClosures, versionChange } from '../../../src/shared/generations/closure-diff'
import type { ClosureEntry } from '../../../src/shared/generations/types'

/** A fake but well-formed store path: the hash is derived from `seed` so it is stable. */
function storePath(name: string, seed = name): string {
  const alphabet = '0123456789abcdfghijklmnpqrsvwxyz'
  let h = 0
  for (const c of seed) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0
  let hash = ''
  for (let i = 0; i < 32; i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0
    hash += alphabet[h >>> 27]
  }
  return `/nix/store/${hash}-${name}`
}

const entry = (name: string, narSize: number, seed?: string): ClosureEntry => ({
  path: storePath(name, seed),
  narSize,
})

describe('diffClosures', () => {
  const shared = entry('bash-5.2p26', 1000)
  const before = [
    shared,
    entry('hello-2.12.1', 100),
    entry('vim-9.0.0', 500),
    entry('vim-9.0.0-man', 50),
    entry('curl-8.7.1', 300),
    entry('old-tool-1.0', 70),
    entry('glibc-2.39-52', 2000),
    entry('etc', 10, 'etc-before'),
    entry('python3-3.11.9', 800),
    entry('python3-3.12.4', 900),
  ]
  const after = [
    shared,
    entry('hello-2.12.1', 100), // identical path: untouched
    entry('vim-9.1.0', 520),
    entry('vim-9.1.0-man', 55),
    entry('curl-8.6.0', 290),
    entry('new-tool-0.1', 40),
    entry('glibc-2.39-52', 2100, 'glibc-rebuilt'),
    entry('etc', 12, 'etc-after'),
    entry('python3-3.12.4', 900),
  ]
  const selected = new Set([storePath('vim-9.0.0'), storePath('new-tool-0.1')])
  const diff = diffClosures(before, after, selected)
  const byName = new Map(diff.changes.map((c) => [c.name, c]))

  it('classifies each package that differs and leaves untouched ones out', () => {
    expect(Object.fromEntries(diff.changes.map((c) => [c.name, c.kind]))).toEqual({
      curl: 'downgraded',
      etc: 'changed',
      glibc: 'changed',
      'new-tool': 'added',
      'old-tool': 'removed',
      python3: 'changed',
      vim: 'upgraded',
    })
    expect(byName.has('hello')).toBe(false)
    expect(byName.has('bash')).toBe(false)
  })

  it('folds outputs into their package and sums their sizes', () => {
    expect(byName.get('vim')).toEqual({
      name: 'vim',
      kind: 'upgraded',
      oldVersions: ['9.0.0'],
      newVersions: ['9.1.0'],
      outputs: ['man', 'out'],
      oldSize: 550,
      newSize: 575,
      sizeDelta: 25,
      oldPathCount: 2,
      newPathCount: 2,
      selected: true,
    })
  })

  it('keeps every version of a package and reports the ones that went', () => {
    const python = byName.get('python3')!
    expect(python.oldVersions).toEqual(['3.11.9', '3.12.4'])
    expect(python.newVersions).toEqual(['3.12.4'])
    expect(python.sizeDelta).toBe(-800)
    expect(versionChange(python)).toEqual({ removed: ['3.11.9'], added: [] })
  })

  it('marks user-chosen packages from either side', () => {
    expect(byName.get('new-tool')!.selected).toBe(true)
    expect(byName.get('curl')!.selected).toBe(false)
    expect(byName.get('new-tool')!.oldVersions).toEqual([])
  })

  it('totals sizes, path counts and kinds', () => {
    expect(diff.totals).toEqual({
      oldSize: 5730,
      newSize: 5017,
      sizeDelta: 5017 - 5730,
      oldPathCount: 10,
      newPathCount: 9,
      pathCountDelta: -1,
      counts: { added: 1, removed: 1, upgraded: 1, downgraded: 1, changed: 3 },
    })
  })

  it('ignores a path listed twice', () => {
    const twice = diffClosures([shared, shared], [shared])
    expect(twice.changes).toEqual([])
    expect(twice.totals.oldPathCount).toBe(1)
    expect(twice.totals.oldSize).toBe(1000)
  })

  // How fast is measured in bench/ (`npm run bench`), never here: timing must not decide a test.
  it('compares two 3500-path closures', () => {
    const make = (gen: number) =>
      Array.from({ length: 3500 }, (_, i) => {
        const bumped = gen > 0 && i % 20 === 0
        const name = `pkg${i}${i % 31 === 0 ? '-man' : ''}-${bumped ? 2 : 1}.${i % 50}.${i}`
        return entry(name, 1000 + i, `${name}-${bumped || i % 7 === 0 ? gen : 0}`)
      })
    const a = make(0)
    const b = make(1)
    const result = diffClosures(a, b, new Set(b.slice(0, 100).map((e) => e.path)))
    expect(result.totals.counts.upgraded).toBe(175)
    expect(result.totals.counts.changed).toBe(500 - 25)
  })
})
