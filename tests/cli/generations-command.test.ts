// `flakedeck generations` and `flakedeck diff` against real profiles made by
// the fixture generator (tests/fixtures/generations-profile.ts) and real nix: the table and the JSON, the comparison
// cache, the store-database fast path (checked against the service's nix path-info answer), the
// profile from the settings, and the bad inputs a user can give.
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run-cli'
import { GenerationsService } from '../../src/main/services/generations/generations-service'
import { NixService } from '../../src/main/services/nix'
import { createProcessRunner } from '../../src/main/services/process-runner'
import { SettingsService } from '../../src/main/services/settings'
import { openDatabase } from '../../src/main/store/database'
import type { GenerationComparison, GenerationTimeline } from '../../src/shared/generations/types'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { captureIoWithData } from '../helpers/cli-io'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
const openDbs: Database.Database[] = []
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close()
})

function makeProfile(n = 60, gens = 3, k = 20): string {
  return makeGenerationsProfile(join(tempDir('flakedeck-cli-gens-'), 'profiles'), { n, gens, k })
}

const captureIo = (env: NodeJS.ProcessEnv = {}) =>
  captureIoWithData(tempDir('flakedeck-cli-data-'), env)

async function run(argv: string[], io = captureIo()) {
  const code = await runCli(argv, io)
  return { code, stdout: io.stdout, stderr: io.stderr, io }
}

/** The service's own comparison (closures from nix path-info), as the app computes it. */
async function serviceComparison(profile: string, a: number | string, b: number | string) {
  const runner = createProcessRunner()
  const db = openDatabase(tempDir('flakedeck-cli-db-'))
  openDbs.push(db)
  const service = new GenerationsService(runner, new NixService(runner), db, {
    bootedSystemPath: join(tempDir(), 'none'),
  })
  return service.compare(profile, a, b)
}

function randomStoreHash(): string {
  const alphabet = '0123456789abcdfghijklmnpqrsvwxyz'
  return Array.from({ length: 32 }, () => alphabet[Math.floor(Math.random() * 32)]).join('')
}

describe('flakedeck generations', () => {
  it('has --help, and is listed in the main help', async () => {
    const main = await run(['--help'])
    expect(main.stdout).toMatch(/generations\s+list the generations/)
    expect(main.stdout).toMatch(/diff\s+compare two generations/)
    const help = await run(['generations', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: flakedeck generations [--profile DIR] [--json]')
    expect(help.stdout).toContain('--json')
    const bad = await run(['generations', 'extra'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('unexpected argument "extra"')
  })

  it('prints the timeline as JSON and as a table', async () => {
    const profile = makeProfile()
    const io = captureIo()
    const json = await run(['generations', '--profile', profile, '--json'], io)
    expect(json.code).toBe(0)
    const timeline = JSON.parse(json.stdout) as GenerationTimeline
    expect(timeline.profilePath).toBe(profile)
    expect(timeline.currentNumber).toBe(3)
    expect(timeline.generations.map((g) => [g.number, g.current, g.state])).toEqual([
      [3, true, 'ok'],
      [2, false, 'ok'],
      [1, false, 'ok'],
    ])
    for (const g of timeline.generations) {
      expect(g.closureSize).toBeGreaterThan(0)
      expect(g.pathCount).toBeGreaterThan(50)
    }

    // The same data dir: sizes now come from the cache, and the table shows them.
    const table = await run(['generations', '--profile', profile], captureIo(io.env))
    expect(table.code).toBe(0)
    const lines = table.stdout.split('\n')
    expect(lines[0]).toBe(`Profile ${profile}: 3 generations, current 3`)
    expect(table.stdout).toMatch(/Gen\s+Date\s+Age\s+Size\s+Paths\s+NixOS\s+Kernel\s+Revision/)
    const current = lines.find((l) => /^>\s+3\s/.test(l))!
    expect(current).toContain('26.05.2')
    expect(current).toContain(timeline.generations[0]!.storePath)
    expect(current).toMatch(/KiB/)
  })

  it('reads the profile set in the app when --profile is not given', async () => {
    const profile = makeProfile(40, 2)
    const io = captureIo()
    const db = openDatabase(io.env.FLAKEDECK_DATA_DIR!)
    new SettingsService(db).set({ profilePath: profile })
    db.close()
    const json = await run(['generations', '--json'], io)
    expect(json.code).toBe(0)
    expect((JSON.parse(json.stdout) as GenerationTimeline).profilePath).toBe(profile)
    const diff = await run(['diff', '1', '2', '--json'], captureIo(io.env))
    expect(diff.code).toBe(0)
    expect((JSON.parse(diff.stdout) as GenerationComparison).after.number).toBe(2)
  })

  it('explains a missing profile and keeps a dangling generation in the list', async () => {
    const missing = join(tempDir(), 'nothing', 'system')
    const result = await run(['generations', '--profile', missing])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`flakedeck generations: There is no nix profile at ${missing}.`)
    expect(result.stderr).toContain('/nix/var/nix/profiles/system')

    const profile = makeProfile(40, 2)
    symlinkSync(`/nix/store/${randomStoreHash()}-nixos-system-test-26.05.7`, `${profile}-7-link`)
    const table = await run(['generations', '--profile', profile])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^!\s+7\s/m)
    expect(table.stdout).toContain('Generation 7 is dangling: The store path')
    const json = await run(['generations', '--profile', profile, '--json'])
    const timeline = JSON.parse(json.stdout) as GenerationTimeline
    expect(timeline.generations.map((g) => g.state)).toEqual(['dangling', 'ok', 'ok'])
  })
})

describe('flakedeck diff', () => {
  it('has --help and refuses the wrong number of generations', async () => {
    const help = await run(['diff', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: flakedeck diff A B [--profile DIR] [--json]')
    const one = await run(['diff', '1'])
    expect(one.code).toBe(2)
    expect(one.stderr).toContain('give two generations to compare (got 1)')
    const flag = await run(['diff', '1', '2', '--bogus'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('flakedeck diff --help')
  })

  it('prints what the app computes, from the store database and then from its cache', async () => {
    const profile = makeProfile()
    const expected = await serviceComparison(profile, 1, 3)
    const io = captureIo()
    const first = await run(['diff', '1', '3', '--profile', profile, '--json'], io)
    expect(first.code).toBe(0)
    expect(first.stderr).toBe('')
    expect(JSON.parse(first.stdout)).toEqual(expected)
    const cached = join(io.env.FLAKEDECK_DATA_DIR!, 'generations', 'comparisons-v1')
    expect(readdirSync(cached)).toHaveLength(1)

    // Again, with the comparison cached: byte for byte the same.
    const second = await run(['diff', '1', '3', '--profile', profile, '--json'], captureIo(io.env))
    expect(second.stdout).toBe(first.stdout)

    // With the store's database out of the picture, nix path-info answers the same.
    const viaNix = await run(
      ['diff', '1', '3', '--profile', profile, '--json'],
      captureIo({ FLAKEDECK_STORE_QUERY: 'nix' }),
    )
    expect(viaNix.stdout).toBe(first.stdout)
  })

  it('prints a table in the manner of nvd', async () => {
    const profile = makeProfile()
    const { code, stdout } = await run(['diff', '1', '3', '--profile', profile])
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(
      /^<<< \/nix\/store\/\S+-nixos-system-test-26\.05\.0 {2}\(generation 1\)$/,
    )
    expect(lines[1]).toMatch(
      /^>>> \/nix\/store\/\S+-nixos-system-test-26\.05\.2 {2}\(generation 3\)$/,
    )
    expect(stdout).toContain('Upgraded: 3')
    expect(stdout).toMatch(/^\[U\*\]\s+pkg18\s+1\.18\.18 → 4\.18\.18\s+\S+ B$/m)
    expect(stdout).toMatch(/^\[U\.\]\s+nixos-system-test\s+26\.05\.0 → 26\.05\.2/m)
    expect(stdout).toContain('Added: 10')
    expect(stdout).toContain('Removed: 10')
    expect(stdout).toMatch(/^\[A\*\]\s+pkg55\s+1\.5\.55\s+\+/m)
    expect(stdout).toMatch(/^Closure: \d+ → \d+ paths \([+-]?\d+\), .* KiB → .* KiB \(/m)
    expect(stdout).toContain('Packages: 3 upgraded, 10 added, 10 removed, 43 changed')
  })

  it('takes store paths and generation links, relative or not', async () => {
    const profile = makeProfile()
    const expected = await serviceComparison(profile, `${profile}-1-link`, 3)
    const ok = await run([
      'diff',
      `${profile}-1-link`,
      expected.after.storePath,
      '--profile',
      profile,
      '--json',
    ])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual(expected)
    const relativeLink = relative(process.cwd(), `${profile}-1-link`)
    const viaRelative = await run(['diff', relativeLink, '3', '--profile', profile, '--json'])
    expect(JSON.parse(viaRelative.stdout)).toEqual(expected)
  })

  it('marks the packages a NixOS system chose (its sw) like the service', async () => {
    const dir = tempDir()
    const expression = `{ gen }:
let
  run = name: script: builtins.derivation {
    inherit name; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" script ];
  };
  g = toString gen;
  libfoo = builtins.toFile "libfoo-1.\${g}" "libfoo \${g}";
  tool = builtins.toFile "tool-2.\${g}" "uses \${libfoo}";
  sw = run "system-path" "/bin/mkdir -p $out/bin && /bin/ln -s \${tool} $out/bin/tool";
in run "nixos-system-clihost-24.05.2024010\${g}.abcdef" ''
  /bin/mkdir -p $out
  /bin/ln -s \${sw} $out/sw
  echo -n 24.05.2024010\${g}.abcdef > $out/nixos-version
''
`
    writeFileSync(join(dir, 'system.nix'), expression)
    const profile = join(dir, 'system')
    for (const gen of [1, 2]) {
      const system = execFileSync(
        'nix-build',
        ['--no-out-link', join(dir, 'system.nix'), '--arg', 'gen', String(gen)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      ).trim()
      execFileSync('nix-env', ['-p', profile, '--set', system])
    }
    const expected = await serviceComparison(profile, 1, 2)
    const { code, stdout } = await run(['diff', '1', '2', '--profile', profile, '--json'])
    expect(code).toBe(0)
    const comparison = JSON.parse(stdout) as GenerationComparison
    expect(comparison).toEqual(expected)
    expect(comparison.changes.filter((c) => c.selected).map((c) => c.name)).toEqual(['tool'])
  })

  it('gives clear errors for an unknown, a dangling and an invalid generation', async () => {
    const profile = makeProfile(40, 2)
    const unknown = await run(['diff', '1', '42', '--profile', profile])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain(`The profile ${profile} has no generation 42.`)
    expect(unknown.stderr).toContain('Its generations are 1-2.')

    symlinkSync(`/nix/store/${randomStoreHash()}-nixos-system-test-26.05.9`, `${profile}-9-link`)
    const dangling = await run(['diff', '9', '2', '--profile', profile])
    expect(dangling.code).toBe(1)
    expect(dangling.stderr).toContain('Generation 9 cannot be used: The store path')
    expect(dangling.stderr).toContain('garbage collected')

    const notStore = join(tempDir(), 'file')
    writeFileSync(notStore, 'x')
    const file = await run(['diff', notStore, '2', '--profile', profile])
    expect(file.code).toBe(1)
    expect(file.stderr).toContain(`${notStore} is not a store path.`)

    // In the store, but never registered: nix does not know it.
    const unregistered = `/nix/store/${randomStoreHash()}-nixos-system-test-26.05.8`
    mkdirSync(unregistered)
    try {
      symlinkSync(unregistered, `${profile}-8-link`)
      for (const env of [{}, { FLAKEDECK_STORE_QUERY: 'nix' }]) {
        const invalid = await run(['diff', '8', '2', '--profile', profile], captureIo(env))
        expect(invalid.code).toBe(1)
        expect(invalid.stderr).toContain(`Nix does not know ${unregistered} as a valid store path.`)
      }
      const listed = await run(['generations', '--profile', profile, '--json'])
      const states = (JSON.parse(listed.stdout) as GenerationTimeline).generations.map((g) => [
        g.number,
        g.state,
      ])
      expect(states).toEqual([
        [9, 'dangling'],
        [8, 'invalid'],
        [2, 'ok'],
        [1, 'ok'],
      ])
    } finally {
      rmSync(unregistered, { recursive: true, force: true })
    }
    expect(existsSync(unregistered)).toBe(false)
  })
})
