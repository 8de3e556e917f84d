// The Generations area's view logic: default pair, filters, chart series, deletion preview,
// revisions, and axis labels.
import { describe, expect, it } from 'vitest'
import type {
  Generation,
  GenerationTimeline,
  PackageChange,
} from '../../../src/shared/generations/types'
import {
  axisBytes,
  chartSeries,
  defaultPair,
  deletionPreview,
  languageForPath,
  paddedRange,
  previousGeneration,
  revisionRelation,
  storeName,
  switchMode,
  validPair,
} from '../../../src/renderer/src/areas/generations/generations-view'
import {
  emptyFilter,
  filterChanges,
  hiddenSameVersion,
  kindCounts,
} from '../../../src/renderer/src/components/change-filter'

const day = 24 * 60 * 60 * 1000
const now = Date.UTC(2026, 0, 31)

function generation(number: number, extra: Partial<Generation> = {}): Generation {
  return {
    number,
    linkPath: `/p/system-${number}-link`,
    storePath: `/nix/store/${'a'.repeat(31)}${number % 10}-nixos-system-host-24.05.${number}`,
    date: now - (10 - number) * day,
    current: false,
    booted: false,
    state: 'ok',
    problem: null,
    nixosVersion: `24.05.${number}`,
    kernelVersion: '6.6.30',
    configurationRevision: null,
    closureSize: 1000 * number,
    pathCount: 10 * number,
    ...extra,
  }
}

function timeline(generations: Generation[], extra: Partial<GenerationTimeline> = {}) {
  return {
    profilePath: '/p/system',
    currentNumber: generations.find((g) => g.current)?.number ?? null,
    bootedStorePath: null,
    generations, // newest first
    closureProblem: null,
    ...extra,
  } satisfies GenerationTimeline
}

const dangling = { state: 'dangling' as const, problem: 'gone', closureSize: null, pathCount: null }

describe('defaultPair', () => {
  it('compares the generation before the current one with the current one', () => {
    const t = timeline([generation(5), generation(4, { current: true }), generation(3)])
    expect(defaultPair(t)).toEqual({ from: 3, to: 4 })
  })

  it('skips unusable generations and falls back to the newest when none is current', () => {
    const t = timeline([generation(5), generation(4, dangling), generation(3)])
    expect(defaultPair(t)).toEqual({ from: 3, to: 5 })
  })

  it('compares the oldest current generation with the one after it', () => {
    const t = timeline([generation(2), generation(1, { current: true })])
    expect(defaultPair(t)).toEqual({ from: 1, to: 2 })
  })

  it('has nothing to compare with fewer than two usable generations', () => {
    expect(defaultPair(timeline([generation(1, { current: true })]))).toBeNull()
    expect(defaultPair(timeline([generation(2, dangling), generation(1)]))).toBeNull()
  })

  it('keeps a chosen pair while both are usable', () => {
    const t = timeline([generation(3, { current: true }), generation(2), generation(1)])
    expect(validPair(t, { from: 1, to: 3 })).toEqual({ from: 1, to: 3 })
    expect(validPair(t, { from: 1, to: 9 })).toEqual({ from: 2, to: 3 })
    expect(validPair(t, { from: 2, to: 2 })).toEqual({ from: 2, to: 3 })
    expect(validPair(t, null)).toEqual({ from: 2, to: 3 })
  })

  it('finds the generation to roll back to', () => {
    const t = timeline([generation(4, { current: true }), generation(3, dangling), generation(2)])
    expect(previousGeneration(t, 4)?.number).toBe(2)
    expect(previousGeneration(t, 2)).toBeNull()
  })
})

function change(name: string, extra: Partial<PackageChange> = {}): PackageChange {
  return {
    name,
    kind: 'changed',
    oldVersions: ['1.0'],
    newVersions: ['1.0'],
    outputs: ['out'],
    oldSize: 100,
    newSize: 100,
    sizeDelta: 0,
    oldPathCount: 1,
    newPathCount: 1,
    selected: false,
    ...extra,
  }
}

describe('filterChanges', () => {
  const changes = [
    change('firefox', { kind: 'upgraded', newVersions: ['126.0'], selected: true, sizeDelta: 5 }),
    change('glibc', { sizeDelta: -900 }),
    change('hello', { kind: 'added', oldVersions: [], selected: true, sizeDelta: 50 }),
    change('libfoo', { kind: 'removed', newVersions: [], sizeDelta: -40 }),
    change('vim', { kind: 'downgraded', oldVersions: ['9.1'], newVersions: ['9.0'] }),
  ]

  it('keeps everything with the empty filter, in the given order', () => {
    expect(filterChanges(changes, emptyFilter).map((c) => c.name)).toEqual(
      changes.map((c) => c.name),
    )
  })

  it('filters by kind, by the user’s choice, and by words in names and versions', () => {
    const names = (filter: Partial<typeof emptyFilter>) =>
      filterChanges(changes, { ...emptyFilter, ...filter }).map((c) => c.name)
    expect(names({ kinds: new Set(['added', 'removed']) })).toEqual(['hello', 'libfoo'])
    expect(names({ selectedOnly: true })).toEqual(['firefox', 'hello'])
    expect(names({ query: 'LIB' })).toEqual(['glibc', 'libfoo'])
    expect(names({ query: '126' })).toEqual(['firefox'])
    expect(names({ query: 'vim 9.0' })).toEqual(['vim'])
    expect(names({ query: 'vim 8' })).toEqual([])
    expect(names({ kinds: new Set(['upgraded']), selectedOnly: true, query: 'fire' })).toEqual([
      'firefox',
    ])
  })

  it('sorts by the size of the change, largest first, without touching the input', () => {
    const before = changes.map((c) => c.name)
    const sorted = filterChanges(changes, { ...emptyFilter, sort: 'size' }).map((c) => c.name)
    expect(sorted).toEqual(['glibc', 'hello', 'libfoo', 'firefox', 'vim'])
    expect(changes.map((c) => c.name)).toEqual(before)
  })

  it('hides same-version rebuilds when asked, unless their kind is asked for, and counts them', () => {
    const hide = { ...emptyFilter, hideSameVersion: true }
    expect(filterChanges(changes, hide).map((c) => c.name)).not.toContain('glibc')
    expect(hiddenSameVersion(hide, kindCounts(changes))).toBe(1)
    const asked = { ...hide, kinds: new Set(['changed'] as const) }
    expect(filterChanges(changes, asked).map((c) => c.name)).toEqual(['glibc'])
    expect(hiddenSameVersion(asked, kindCounts(changes))).toBe(0)
    expect(hiddenSameVersion(emptyFilter, kindCounts(changes))).toBe(0)
  })

  it('counts each kind and the chosen packages', () => {
    expect(kindCounts(changes)).toEqual({
      byKind: { upgraded: 1, downgraded: 1, added: 1, removed: 1, changed: 1 },
      selected: 2,
    })
  })

  it('filters thousands of changes', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      change(`pkg${i}`, { kind: i % 3 ? 'changed' : 'upgraded', selected: i % 2 === 0 }),
    )
    const shown = filterChanges(many, {
      kinds: new Set(['upgraded']),
      selectedOnly: true,
      query: 'pkg1',
      sort: 'name',
    })
    expect(shown.length).toBeGreaterThan(100)
    expect(shown.every((c) => c.kind === 'upgraded' && c.selected && c.name.includes('pkg1'))).toBe(
      true,
    )
  })
})

describe('chartSeries', () => {
  it('runs oldest first, with gaps for unknown sizes and the current one marked', () => {
    const t = timeline([generation(3), generation(2, { current: true }), generation(1, dangling)])
    expect(chartSeries(t)).toEqual({
      numbers: [1, 2, 3],
      sizes: [null, 2000, 3000],
      pathCounts: [null, 20, 30],
      currentIndex: 1,
      pins: [],
    })
  })

  it('marks pinned generations with their labels', () => {
    const pin = { label: 'known good', pinnedAt: 1 }
    const t = timeline([generation(3, { current: true }), generation(2, { pin }), generation(1)])
    expect(chartSeries(t).pins).toEqual([{ number: 2, label: 'known good' }])
  })
})

describe('switchMode', () => {
  it('is NixOS for the system profile or when rebuilds use nixos-rebuild', () => {
    const system = '/nix/var/nix/profiles/system'
    const home = '/home/me/.local/state/nix/profiles/home-manager'
    const gens = [generation(1, { current: true })]
    expect(
      switchMode(timeline(gens, { profilePath: system, bootedStorePath: '/nix/store/x' }), null),
    ).toBe('nixos')
    expect(switchMode(timeline(gens, { profilePath: system }), 'profile')).toBe('nixos')
    expect(switchMode(timeline(gens, { profilePath: home }), 'nixos-rebuild')).toBe('nixos')
    expect(switchMode(timeline(gens, { profilePath: home }), 'profile')).toBe('profile')
    expect(switchMode(timeline(gens, { profilePath: home }), null)).toBe('profile')
  })

  it('is a plain profile for Home Manager generations, also when rebuilds use nixos-rebuild', () => {
    const hm = [generation(2, { current: true, homeManagerVersion: '25.05' }), generation(1)]
    const home = '/home/me/.local/state/nix/profiles/home-manager'
    expect(switchMode(timeline(hm, { profilePath: home }), 'nixos-rebuild')).toBe('profile')
  })
})

describe('deletionPreview', () => {
  const gens = [
    generation(6),
    generation(5, { current: true }),
    generation(4),
    generation(3, { booted: true }),
    generation(2),
    generation(1),
  ] // dates: 4 … 9 days ago
  it('never takes the current or the booted generation', () => {
    expect(deletionPreview(gens, { kind: 'numbers', numbers: [1, 3, 5] }, now)).toEqual({
      deleted: [1],
      kept: [3, 5],
    })
  })

  it('keeps a pinned generation, as the back-end does', () => {
    const pinned = gens.map((g) =>
      g.number === 2 ? { ...g, pin: { label: 'keep', pinnedAt: 1 } } : g,
    )
    expect(deletionPreview(pinned, { kind: 'keepNewest', count: 2 }, now)).toEqual({
      deleted: [1, 4],
      kept: [2, 3],
    })
  })

  it('selects by age and by count like the back-end', () => {
    expect(deletionPreview(gens, { kind: 'olderThan', days: 6 }, now)).toEqual({
      deleted: [1, 2],
      kept: [3],
    })
    expect(deletionPreview(gens, { kind: 'keepNewest', count: 2 }, now)).toEqual({
      deleted: [1, 2, 4],
      kept: [3],
    })
    expect(deletionPreview(gens, { kind: 'olderThan', days: 30 }, now)).toEqual({
      deleted: [],
      kept: [],
    })
  })
})

describe('revisionRelation', () => {
  const a = 'a'.repeat(40)
  const b = 'b'.repeat(40)
  it('says which side lacks a revision, or whether the commits differ', () => {
    expect(revisionRelation(null, a)).toEqual({ kind: 'missing', which: ['from'] })
    expect(revisionRelation(null, null)).toEqual({ kind: 'missing', which: ['from', 'to'] })
    expect(revisionRelation(a, a)).toEqual({ kind: 'same', revision: a })
    expect(revisionRelation(a, b)).toEqual({ kind: 'different', from: a, to: b })
    expect(revisionRelation(`${a}-dirty`, b)).toEqual({
      kind: 'not-commit',
      revision: `${a}-dirty`,
    })
  })
})

describe('small helpers', () => {
  it('names Monaco languages by file', () => {
    expect(languageForPath('hosts/box/configuration.nix')).toBe('nix')
    expect(languageForPath('flake.lock')).toBe('json')
    expect(languageForPath('README.md')).toBe('markdown')
    expect(languageForPath('LICENSE')).toBe('plaintext')
  })

  it('labels a size axis with enough decimals to tell ticks apart', () => {
    const mib = 1024 * 1024
    expect(axisBytes([6.6 * mib, 6.602 * mib], 0.002 * mib)).toEqual(['6.600 MiB', '6.602 MiB'])
    expect(axisBytes([1 * mib, 2 * mib], 0.5 * mib)).toEqual(['1.0 MiB', '2.0 MiB'])
    expect(axisBytes([2 * 1024 ** 3], 1024 ** 3)).toEqual(['2 GiB'])
    expect(axisBytes([512, 768], 256)).toEqual(['512 B', '768 B'])
  })

  it('pads a scale around its data and centres a flat line', () => {
    expect(paddedRange(null, null)).toEqual([0, 1])
    expect(paddedRange(100, 100)).toEqual([95, 105])
    expect(paddedRange(100, 200)).toEqual([85, 215])
  })

  it('shows the name part of a store path', () => {
    expect(storeName(`/nix/store/${'a'.repeat(32)}-nixos-system-box-24.05`)).toBe(
      'nixos-system-box-24.05',
    )
    expect(storeName('/somewhere/else')).toBe('else')
  })
})
