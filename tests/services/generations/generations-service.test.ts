// The Generations service against real profiles built by the fixture generator (tests/fixtures/generations-profile.ts) and
// real nix: timeline, closure cache, comparison (checked against `nix store diff-closures`), and
// the bad inputs a user's machine can hold.
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { versionChange } from '../../../src/shared/generations/closure-diff'
import type { GenerationComparison } from '../../../src/shared/generations/types'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import { makeGenerationsProfile } from '../../fixtures/generations-profile'
import { countingRunner } from '../../helpers/counting-runner'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const openDbs: Database.Database[] = []
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close()
})

/** A profile of `gens` generations of an `n`-package synthetic system; returns `DIR/system`. */
function makeProfile(n = 60, gens = 3, k = 20): string {
  return makeGenerationsProfile(join(tempDir('flakedeck-gens-'), 'profiles'), { n, gens, k })
}

function makeService(
  options: { db?: Database.Database; bootedSystemPath?: string; storeDatabase?: boolean } = {},
) {
  const { runner, calls } = countingRunner()
  const db = options.db ?? openDatabase(tempDir('flakedeck-db-'))
  if (!options.db) openDbs.push(db)
  const nix = new NixService(runner)
  const service = new GenerationsService(runner, nix, db, {
    // No test machine's own booted system leaks in unless a test asks for one.
    bootedSystemPath: options.bootedSystemPath ?? join(tempDir(), 'no-booted-system'),
    // These tests count nix's calls: closures come from nix unless a test asks for the default
    // (the store's own database).
    ...(options.storeDatabase ? {} : { closureSource: null }),
  })
  return { service, calls, db, nix }
}

function nixText(...args: string[]): string {
  return execFileSync('nix', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function randomStoreHash(): string {
  const alphabet = '0123456789abcdfghijklmnpqrsvwxyz'
  return Array.from({ length: 32 }, () => alphabet[Math.floor(Math.random() * 32)]).join('')
}

describe('GenerationsService.list', () => {
  it('lists a real profile newest first, with what nix says of each closure', async () => {
    const profile = makeProfile()
    const { service } = makeService()
    const started = Date.now()
    const timeline = await service.list(profile)

    expect(timeline.profilePath).toBe(profile)
    expect(timeline.currentNumber).toBe(3)
    expect(timeline.generations.map((g) => g.number)).toEqual([3, 2, 1])
    const [third, , first] = timeline.generations
    expect(third).toMatchObject({ current: true, booted: false, state: 'ok', problem: null })
    expect(first).toMatchObject({ current: false, nixosVersion: '26.05.0', kernelVersion: null })
    expect(first!.linkPath).toBe(`${profile}-1-link`)
    expect(first!.storePath).toMatch(/^\/nix\/store\/[0-9a-z]{32}-nixos-system-test-26\.05\.0$/)
    expect(first!.date).toBeGreaterThan(started - 60_000)
    expect(first!.date).toBeLessThanOrEqual(Date.now())

    // Cross-check the cached figures with nix's own closure size and requisites.
    for (const generation of timeline.generations) {
      // nix 2.8 prints an array of objects with a `path`; newer nix an object keyed by path.
      const info = JSON.parse(nixText('path-info', '--json', '-S', generation.storePath)) as
        { closureSize: number }[] | Record<string, { closureSize: number }>
      const entry = Array.isArray(info) ? info[0] : info[generation.storePath]
      expect(generation.closureSize).toBe(entry!.closureSize)
      const requisites = nixText('path-info', '-r', generation.storePath).trim().split('\n')
      expect(generation.pathCount).toBe(requisites.length)
    }
  })

  it('fetches every uncached closure in one nix call, and nothing once cached', async () => {
    const profile = makeProfile(60, 3)
    const { service, calls, db } = makeService()
    const timeline = await service.list(profile)
    const pathInfoCalls = calls.filter((argv) => argv.includes('path-info'))
    expect(pathInfoCalls).toHaveLength(1)
    for (const generation of timeline.generations) {
      expect(pathInfoCalls[0]).toContain(generation.storePath)
    }

    calls.length = 0
    const again = await service.list(profile)
    expect(calls).toEqual([])
    expect(again).toEqual(timeline)

    // A fresh service over the same database (the app restarted) starts no process at all. The
    // cache is written right after a listing's answer (a turn of the event loop later; the
    // profile itself is read without one).
    await new Promise((resolve) => setImmediate(resolve))
    const restarted = makeService({ db })
    expect((await restarted.service.list(profile)).generations).toEqual(timeline.generations)
    expect(restarted.calls).toEqual([])

    // A new generation costs one call, for its own closure only.
    const other = makeProfile(61, 1)
    const newSystem = nixText('path-info', other).trim()
    execFileSync('nix-env', ['-p', profile, '--set', newSystem], { stdio: 'ignore' })
    const grown = await restarted.service.list(profile)
    expect(grown.generations.map((g) => g.number)).toEqual([4, 3, 2, 1])
    const fetched = restarted.calls.filter((argv) => argv.includes('path-info'))
    expect(fetched).toHaveLength(1)
    expect(fetched[0]!.filter((a) => a.startsWith('/nix/store/'))).toEqual([newSystem])
  })

  it('reads uncached closures from the store database by default: no nix call, the same figures', async () => {
    const profile = makeProfile(62, 3)
    const fromNix = await makeService().service.list(profile)
    const { service, calls } = makeService({ storeDatabase: true })
    const timeline = await service.list(profile)
    expect(calls.filter((argv) => argv.includes('path-info'))).toEqual([])
    expect(timeline.generations.map((g) => [g.number, g.closureSize, g.pathCount])).toEqual(
      fromNix.generations.map((g) => [g.number, g.closureSize, g.pathCount]),
    )
    expect(timeline.generations.every((g) => g.closureSize !== null && g.closureSize > 0)).toBe(
      true,
    )
  })

  it('answers a listing before writing its closures, and writes them right after', async () => {
    const profile = makeProfile(63, 3)
    const { service, db } = makeService({ storeDatabase: true })
    const cached = () =>
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM generation_closures').get()!.n
    const timeline = await service.list(profile)
    expect(timeline.generations.every((g) => g.closureSize !== null)).toBe(true)
    expect(cached()).toBe(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(cached()).toBe(3)
    // Read back from SQLite by a fresh service: the same figures.
    const restarted = makeService({ db, storeDatabase: true })
    expect((await restarted.service.list(profile)).generations).toEqual(timeline.generations)
  })

  it('keeps a dangling generation in the timeline, flagged, and the rest intact', async () => {
    const profile = makeProfile()
    const gone = `/nix/store/${randomStoreHash()}-nixos-system-test-26.05.9`
    symlinkSync(gone, `${profile}-9-link`)
    const { service } = makeService()
    const timeline = await service.list(profile)
    expect(timeline.generations.map((g) => g.number)).toEqual([9, 3, 2, 1])
    expect(timeline.generations[0]).toMatchObject({
      number: 9,
      storePath: gone,
      state: 'dangling',
      closureSize: null,
      pathCount: null,
      nixosVersion: '26.05.9',
    })
    expect(timeline.generations[0]!.problem).toMatch(/no longer exists/)
    for (const generation of timeline.generations.slice(1)) {
      expect(generation.state).toBe('ok')
      expect(generation.closureSize).toBeGreaterThan(0)
    }
    await expect(service.compare(profile, 9, 3)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('Generation 9 cannot be used'),
      hint: expect.any(String),
    })
  })

  it('flags a store path nix does not know as invalid, and still lists the rest', async () => {
    const profile = makeProfile()
    // A directory in the store that was never registered: on disk, but not valid to nix.
    const unregistered = `/nix/store/${randomStoreHash()}-nixos-system-test-26.05.8`
    mkdirSync(unregistered)
    try {
      symlinkSync(unregistered, `${profile}-8-link`)
      const { service, calls } = makeService()
      const timeline = await service.list(profile)
      expect(timeline.generations.map((g) => [g.number, g.state])).toEqual([
        [8, 'invalid'],
        [3, 'ok'],
        [2, 'ok'],
        [1, 'ok'],
      ])
      expect(timeline.generations[0]!.problem).toMatch(/not valid/)
      expect(timeline.generations[1]!.pathCount).toBeGreaterThan(50)
      // One refused call, one retry without the bad path; the refusal is remembered.
      expect(calls.filter((argv) => argv.includes('path-info'))).toHaveLength(2)
      calls.length = 0
      expect((await service.list(profile)).generations[0]!.state).toBe('invalid')
      expect(calls).toEqual([])
      await expect(service.compare(profile, 8, 3)).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringContaining('not know'),
      })
    } finally {
      rmSync(unregistered, { recursive: true, force: true })
    }
  })

  it('gives clear errors for a missing profile, an empty one, and a relative path', async () => {
    const { service } = makeService()
    const missing = join(tempDir(), 'nothing-here', 'system')
    await expect(service.list(missing)).rejects.toMatchObject({
      code: 'not-found',
      message: `There is no nix profile at ${missing}.`,
      hint: expect.stringContaining('/nix/var/nix/profiles/system'),
    })
    const empty = tempDir()
    await expect(service.list(empty)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('has no generations'),
      hint: expect.any(String),
    })
    // A profile link whose generations were all removed by hand.
    symlinkSync('system-1-link', join(empty, 'system'))
    await expect(service.list(join(empty, 'system'))).rejects.toMatchObject({
      message: expect.stringContaining('has no generations'),
    })
    await expect(service.list('profiles/system')).rejects.toMatchObject({ code: 'bad-request' })
  })

  it('still lists the generations when nix is missing, and says why sizes are absent', async () => {
    const profile = makeProfile()
    const runner = createProcessRunner()
    const db = openDatabase(tempDir('flakedeck-db-'))
    openDbs.push(db)
    const nix = new NixService(runner, 'nix-not-installed-here')
    const service = new GenerationsService(runner, nix, db, {
      bootedSystemPath: join(tempDir(), 'none'),
      // Where the store's database is unreadable too: nothing can tell the sizes.
      closureSource: null,
    })
    const timeline = await service.list(profile)
    expect(timeline.generations.map((g) => [g.number, g.state, g.closureSize])).toEqual([
      [3, 'ok', null],
      [2, 'ok', null],
      [1, 'ok', null],
    ])
    expect(timeline.closureProblem).toMatchObject({
      code: 'nix-missing',
      message: expect.any(String),
      hint: expect.any(String),
    })
  })

  it('accepts the folder that holds the profile, like /nix/var/nix/profiles', async () => {
    const profile = makeProfile()
    const { service } = makeService()
    const timeline = await service.list(resolve(profile, '..'))
    expect(timeline.profilePath).toBe(profile)
    expect(timeline.generations).toHaveLength(3)
  })
})

describe('GenerationsService.compare', () => {
  // The fixture generator with N=60, K=20: generation g+1 keeps packages 5g .. 54+5g, bumps the
  // version of every package i with (i+g) % 20 == 0, and chains each package to the one before,
  // so every kept package after a change gets a new store path.
  it('finds added, removed, upgraded and changed packages between two generations', async () => {
    const profile = makeProfile()
    const { service } = makeService()
    const diff = await service.compare(profile, 1, 3)
    const timeline = await service.list(profile)
    const of = (number: number) => timeline.generations.find((g) => g.number === number)!

    expect(diff.before).toEqual({ storePath: of(1).storePath, number: 1 })
    expect(diff.after).toEqual({ storePath: of(3).storePath, number: 3 })
    const names = (kind: string) => diff.changes.filter((c) => c.kind === kind).map((c) => c.name)
    expect(names('removed')).toEqual([
      'pkg0-man',
      'pkg1',
      'pkg2',
      'pkg3',
      'pkg4',
      'pkg5',
      'pkg6',
      'pkg7',
      'pkg8',
      'pkg9',
    ])
    expect(names('added')).toEqual([
      'pkg55',
      'pkg56',
      'pkg57',
      'pkg58',
      'pkg59',
      'pkg60',
      'pkg61',
      'pkg62-man',
      'pkg63',
      'pkg64',
    ])
    expect(names('upgraded')).toEqual(['nixos-system-test', 'pkg18', 'pkg38'])
    expect(names('downgraded')).toEqual([])
    // pkg10 … pkg54 all get new store paths; two of them are the upgrades above.
    expect(names('changed')).toHaveLength(45 - 2)

    const pkg18 = diff.changes.find((c) => c.name === 'pkg18')!
    expect(pkg18).toMatchObject({ oldVersions: ['1.18.18'], newVersions: ['4.18.18'] })
    expect(pkg18.sizeDelta).toBe(pkg18.newSize - pkg18.oldSize)
    const unstable = diff.changes.find((c) => c.name === 'pkg0-man')!
    expect(unstable.oldVersions).toEqual(['unstable-2026-01-10'])

    // Every package hangs off the toplevel directly, so all are user-chosen but the toplevel.
    expect(diff.changes.filter((c) => !c.selected).map((c) => c.name)).toEqual([
      'nixos-system-test',
    ])
    expect(diff.totals).toMatchObject({
      oldSize: of(1).closureSize,
      newSize: of(3).closureSize,
      oldPathCount: of(1).pathCount,
      newPathCount: of(3).pathCount,
      pathCountDelta: of(3).pathCount! - of(1).pathCount!,
    })
    expect(diff.totals.sizeDelta).toBe(of(3).closureSize! - of(1).closureSize!)
  })

  it('agrees with nix store diff-closures on the same pairs', async () => {
    const profile = makeProfile(120, 4, 7)
    const { service, nix } = makeService()
    for (const [a, b] of [
      [1, 4],
      [4, 2],
      [2, 3],
    ] as const) {
      const diff = await service.compare(profile, a, b)
      const nixView = await expectAgreesWithNix(nix, diff)
      expect(nixView.size).toBeGreaterThan(5)
    }
  })

  it('compares by store path or generation link, and rejects what is not a store path', async () => {
    const profile = makeProfile()
    const { service } = makeService()
    const target = nixText('path-info', `${profile}-3-link`).trim()
    const diff = await service.compare(profile, `${profile}-1-link`, target)
    expect(diff.before.number).toBe(1)
    expect(diff.after).toEqual({ storePath: target, number: 3 })
    expect(diff.changes.length).toBeGreaterThan(10)

    const file = join(tempDir(), 'not-in-store')
    writeFileSync(file, 'x')
    await expect(service.compare(profile, file, 3)).rejects.toMatchObject({
      code: 'bad-request',
      message: `${file} is not a store path.`,
    })
    await expect(service.compare(profile, 1, 42)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('has no generation 42'),
      hint: 'Its generations are 1-3.',
    })
  })
})

describe('a NixOS-shaped system', () => {
  // Two toplevels shaped like NixOS's: `sw` links the user's packages (here `tool`, which needs
  // `libfoo`), `nixos-version`, the kernel as modules or as a `kernel` link, and the flake
  // revision either as a file or inside sw/bin/nixos-version's JSON, as NixOS writes it.
  // `libfoo` and `fontcache` grow by more than 8 KiB, so diff-closures reports their sizes.
  const expression = `{ gen }:
let
  run = name: script: builtins.derivation {
    inherit name; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" script ];
  };
  g = toString gen;
  big = n: builtins.concatStringsSep "" (builtins.genList (_: "x") n);
  libfoo = builtins.toFile "libfoo-1.\${g}" "libfoo \${big (gen * 12000)}";
  fontcache = builtins.toFile "fontcache" (big (gen * 10000));
  tool = builtins.toFile "tool-2.\${g}" "uses \${libfoo}";
  kernel = run "linux-6.6.3\${g}" "/bin/mkdir $out && echo k > $out/bzImage";
  sw = run "system-path" ''
    /bin/mkdir -p $out/bin
    /bin/ln -s \${tool} $out/bin/tool
    \${if gen == 2 then "echo '{\\"configurationRevision\\":\\"cafe2\\"}' > $out/bin/nixos-version" else ""}
  '';
in run "nixos-system-testhost-24.05.2024010\${g}.abcdef" ''
  /bin/mkdir -p $out
  /bin/ln -s \${sw} $out/sw
  /bin/ln -s \${kernel}/bzImage $out/kernel
  /bin/ln -s \${fontcache} $out/fontcache
  echo -n 24.05.2024010\${g}.abcdef > $out/nixos-version
  \${if gen == 1 then "/bin/mkdir -p $out/kernel-modules/lib/modules/6.6.31 && echo beef1 > $out/configurationRevision" else ""}
''
`

  function buildSystem(dir: string, gen: number): string {
    const file = join(dir, 'system.nix')
    writeFileSync(file, expression)
    return execFileSync('nix-build', ['--no-out-link', file, '--arg', 'gen', String(gen)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim()
  }

  it('reads version, kernel, revision and booted, and marks the packages from sw', async () => {
    const dir = tempDir()
    const profile = join(dir, 'system')
    const systems = [buildSystem(dir, 1), buildSystem(dir, 2)]
    for (const system of systems) execFileSync('nix-env', ['-p', profile, '--set', system])
    const booted = join(dir, 'booted-system')
    symlinkSync(systems[0]!, booted)
    const { service, nix } = makeService({ bootedSystemPath: booted })

    const timeline = await service.list(profile)
    expect(timeline.bootedStorePath).toBe(systems[0])
    expect(
      timeline.generations.map(
        ({ number, current, booted, nixosVersion, kernelVersion, configurationRevision }) => ({
          number,
          current,
          booted,
          nixosVersion,
          kernelVersion,
          configurationRevision,
        }),
      ),
    ).toEqual([
      {
        number: 2,
        current: true,
        booted: false,
        nixosVersion: '24.05.20240102.abcdef',
        kernelVersion: '6.6.32',
        configurationRevision: 'cafe2',
      },
      {
        number: 1,
        current: false,
        booted: true,
        nixosVersion: '24.05.20240101.abcdef',
        kernelVersion: '6.6.31',
        configurationRevision: 'beef1',
      },
    ])

    const diff = await service.compare(profile, 1, 2)
    const rows = Object.fromEntries(diff.changes.map((c) => [c.name, [c.kind, c.selected]]))
    expect(rows).toEqual({
      tool: ['upgraded', true],
      libfoo: ['upgraded', false],
      linux: ['upgraded', false],
      'system-path': ['changed', false],
      'nixos-system-testhost': ['upgraded', false],
      fontcache: ['changed', false],
    })
    const nixView = await expectAgreesWithNix(nix, diff)
    expect(nixView.get('libfoo')?.sizeKiB).toBeCloseTo(11.7, 1)
    expect(nixView.get('fontcache')).toEqual({ removed: [], added: [], sizeKiB: 9.8 })
  })
})

/**
 * Runs `nix store diff-closures` on the compared pair and checks that both name the same
 * packages with the same removed and added versions, and the same size changes.
 */
async function expectAgreesWithNix(
  nix: NixService,
  diff: GenerationComparison,
): Promise<Map<string, NixDiffEntry>> {
  const result = await nix.runChecked([
    'store',
    'diff-closures',
    diff.before.storePath,
    diff.after.storePath,
  ])
  const nixView = parseDiffClosures(result.stdout)
  const versionLines = [...nixView].filter(([, e]) => e.removed.length || e.added.length)
  expect(ourView(diff)).toEqual(
    new Map(versionLines.map(([name, e]) => [name, { removed: e.removed, added: e.added }])),
  )
  // nix adds a size to a line (or prints a size-only line) when a package grew or shrank by
  // 8 KiB or more.
  for (const [name, entry] of nixView) {
    if (entry.sizeKiB === null) continue
    const change = diff.changes.find((c) => c.name === name)
    expect(change, name).toBeDefined()
    expect(Math.abs(change!.sizeDelta / 1024 - entry.sizeKiB)).toBeLessThan(0.051)
  }
  for (const change of diff.changes) {
    if (Math.abs(change.sizeDelta) < 8 * 1024) continue
    expect(nixView.get(change.name)?.sizeKiB, change.name).not.toBeNull()
  }
  return nixView
}

interface NixDiffEntry {
  removed: string[]
  added: string[]
  sizeKiB: number | null
}

/**
 * Reads `nix store diff-closures` text ("name: 1.0, 1.1 → 2.0, +12.3 KiB"), stripped of colour.
 * Its names are nix's DrvName names; Flakedeck reads `foo-unstable-DATE` as `foo` at
 * `unstable-DATE`, so those are mapped the same way before comparing.
 */
function parseDiffClosures(output: string): Map<string, NixDiffEntry> {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\x1b\[[0-9;]*m/g, '')
  const entries = new Map<string, NixDiffEntry>()
  for (const line of text.split('\n')) {
    const match = /^(.+?): (.*)$/.exec(line.trim())
    if (!match) continue
    let name = match[1]!
    let rest = match[2]!
    let sizeKiB: number | null = null
    const size = /(?:^|, )([+-]\d+\.\d) KiB$/.exec(rest)
    if (size) {
      sizeKiB = Number(size[1])
      rest = rest.slice(0, size.index)
    }
    const versions = (list: string) =>
      list === '∅' ? [] : list.split(', ').map((v) => (v === 'ε' ? '' : v))
    let removed: string[] = []
    let added: string[] = []
    if (rest.includes(' → ')) {
      const [before, after] = rest.split(' → ') as [string, string]
      removed = versions(before)
      added = versions(after)
    }
    if (name.endsWith('-unstable')) {
      name = name.slice(0, -'-unstable'.length)
      removed = removed.map((v) => `unstable-${v}`)
      added = added.map((v) => `unstable-${v}`)
    }
    entries.set(name, { removed: removed.sort(), added: added.sort(), sizeKiB })
  }
  return entries
}

/** Our comparison in diff-closures' terms: packages whose version set changed. */
function ourView(diff: GenerationComparison): Map<string, { removed: string[]; added: string[] }> {
  const view = new Map<string, { removed: string[]; added: string[] }>()
  for (const change of diff.changes) {
    const { removed, added } = versionChange(change)
    if (removed.length === 0 && added.length === 0) continue
    view.set(change.name, { removed: removed.sort(), added: added.sort() })
  }
  return view
}
