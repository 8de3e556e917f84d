// `flakedeck inputs` against a real fixture flake locked by real nix.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { appVersion } from '../../src/main/core/app-version'
import { createCore } from '../../src/main/core/core'
import { type InputsReport } from '../../src/main/cli/inputs-command'
import { runCli } from '../../src/main/cli/run-cli'
import { makeInputsFixture } from '../fixtures/inputs-fixture'
import { makeLockShapesFixture } from '../fixtures/lock-shapes-fixture'
import { captureIoWithData } from '../helpers/cli-io'
import { useTempDirs } from '../helpers/temp-dir'

const temp = useTempDirs()

const captureIo = (dataDir: string) => captureIoWithData(dataDir)

function setup() {
  const fixture = makeInputsFixture(temp('flakedeck-cli-inputs-'))
  const dataDir = temp('flakedeck-cli-data-')
  return { fixture, dataDir }
}

describe('flakedeck inputs', () => {
  test('--help describes the options, and the main help lists the command', async () => {
    const io = captureIo(temp())
    expect(await runCli(['inputs', '--help'], io)).toBe(0)
    expect(io.stdout).toContain('Usage: flakedeck inputs [--flake DIR] [--json]')
    expect(io.stdout).toContain('--json')
    const main = captureIo(temp())
    expect(await runCli(['--help'], main)).toBe(0)
    expect(main.stdout).toMatch(/^ {2}inputs {6}list a flake's inputs/m)
  })

  test('prints a table: tree, type, ref, revision, date, age, follows, stale and duplicates', async () => {
    const { fixture, dataDir } = setup()
    const io = captureIo(dataDir)
    expect(await runCli(['inputs', '--flake', fixture.flake], io)).toBe(0)
    expect(io.stderr).toBe('')
    const lines = io.stdout.split('\n')
    expect(lines[0]).toBe(`Inputs of ${fixture.flake}`)
    const header = lines.find((l) => l.startsWith('INPUT'))!
    expect(header.split(/\s{2,}/)).toEqual([
      'INPUT',
      'TYPE',
      'REF',
      'REV',
      'DATE',
      'AGE',
      'FOLLOWS',
      'NOTES',
    ])
    const row = (name: string) => lines.find((l) => l.startsWith(name + ' '))!
    const cells = (name: string) =>
      row(name)
        .trim()
        .split(/\s{2,}/)
    expect(cells('nixpkgs')).toEqual([
      'nixpkgs',
      'git',
      fixture.revs.p3.slice(0, 7),
      '2024-03-01',
      expect.stringMatching(/year/),
      'stale, duplicate',
    ])
    // Child rows are indented under their parent, in tree order.
    const typeColumn = header.indexOf('TYPE')
    const body = lines.slice(lines.indexOf(header) + 1, lines.indexOf('', lines.indexOf(header)))
    const names = body.map((l) => l.slice(0, typeColumn).trimEnd())
    expect(names).toEqual([
      'data',
      'extra',
      '  nixpkgs',
      'home',
      '  nixpkgs',
      'nixpkgs',
      'tools',
      '  nixpkgs',
    ])
    const homeNixpkgs = lines[lines.findIndex((l) => l.startsWith('home ')) + 1]!
    expect(homeNixpkgs).toContain('refs/tags/v1')
    expect(homeNixpkgs).toContain(fixture.revs.p1.slice(0, 7))
    const toolsNixpkgs = lines[lines.findIndex((l) => l.startsWith('tools ')) + 1]!
    expect(toolsNixpkgs.trim().split(/\s{2,}/)).toContain('nixpkgs') // follows
    expect(row('data')).toContain('not a flake')
    expect(io.stdout).toMatch(/^Stale: 6 inputs locked more than 90 days ago\.$/m)
    expect(io.stdout).toContain(
      `Duplicate: ${fixture.repos.pkgs} is locked at 2 revisions: home/nixpkgs (${fixture.revs.p1.slice(0, 7)}), nixpkgs (${fixture.revs.p3.slice(0, 7)}).`,
    )
  })

  test('an input that follows the root flake says so (follows = "" in flake.nix)', async () => {
    const fixture = makeLockShapesFixture(temp('flakedeck-cli-shapes-'))
    const io = captureIo(temp('flakedeck-cli-data-'))
    expect(await runCli(['inputs', '--flake', fixture.flake], io)).toBe(0)
    const lines = io.stdout.split('\n')
    const header = lines.find((l) => l.startsWith('INPUT'))!
    const compat = lines.find((l) => l.startsWith('  flake-compat'))!
    expect(compat.slice(header.indexOf('FOLLOWS')).trim()).toBe('the root flake')
  })

  test('--json prints the rows and the summary; the stale threshold is the app setting', async () => {
    const { fixture, dataDir } = setup()
    const core = createCore({ dataDir, shell: 'browser', appVersion })
    core.settings.set({ inputAgeWarningDays: 3650 })
    await core.close()
    const io = captureIo(dataDir)
    expect(await runCli(['inputs', '--json', '--flake', fixture.flake], io)).toBe(0)
    const report = JSON.parse(io.stdout) as InputsReport
    expect(report).toMatchObject({
      dir: fixture.flake,
      hasLock: true,
      staleAfterDays: 3650,
      staleCount: 0,
      declaredInputs: ['data', 'extra', 'home', 'nixpkgs', 'tools'],
      undeclared: [],
      unlocked: [],
      flakeNixDirty: false,
      flakeLockDirty: false,
      warnings: [],
    })
    expect(report.inputs.map((r) => r.id)).toEqual([
      'data',
      'extra',
      'extra/nixpkgs',
      'home',
      'home/nixpkgs',
      'nixpkgs',
      'tools',
      'tools/nixpkgs',
    ])
    expect(report.inputs.find((r) => r.id === 'nixpkgs')).toMatchObject({
      type: 'git',
      lockedRev: fixture.revs.p3,
      shortRev: fixture.revs.p3.slice(0, 7),
      lastModified: Date.parse('2024-03-01T12:00:00Z') / 1000,
      isStale: false,
      duplicateGroup: fixture.repos.pkgs,
    })
    expect(report.inputs.find((r) => r.id === 'tools/nixpkgs')).toMatchObject({
      follows: 'nixpkgs',
    })
    expect(report.duplicates).toEqual([
      {
        id: fixture.repos.pkgs,
        revisions: [fixture.revs.p1, fixture.revs.p3],
        rowIds: ['home/nixpkgs', 'nixpkgs'],
      },
    ])
  })

  test('defaults to the current directory', async () => {
    const { fixture, dataDir } = setup()
    const io = captureIo(dataDir)
    const cwd = process.cwd()
    process.chdir(fixture.flake)
    try {
      expect(await runCli(['inputs', '--json'], io)).toBe(0)
    } finally {
      process.chdir(cwd)
    }
    expect((JSON.parse(io.stdout) as InputsReport).dir).toBe(fixture.flake)
  })

  test('shows warnings: uncommitted flake.nix, an input gone from flake.nix', async () => {
    const { fixture, dataDir } = setup()
    const path = join(fixture.flake, 'flake.nix')
    const text = readFileSync(path, 'utf8')
      .replace(/ {2}# Not a flake[\s\S]*?flake = false;\n {2}};\n/, '')
      .replace(', data }', ' }')
    writeFileSync(path, text)
    const io = captureIo(dataDir)
    expect(await runCli(['inputs', '--flake', fixture.flake], io)).toBe(0)
    expect(io.stdout).toContain('In flake.lock but no longer in flake.nix: data.')
    expect(io.stdout).toMatch(/^Warning: flake.nix has uncommitted changes/m)
    expect(io.stdout.split('\n').find((l) => l.startsWith('data '))).toContain('not in flake.nix')
  })

  test('a broken flake.lock, a folder without flake.nix: a clear error and exit 1', async () => {
    const { fixture, dataDir } = setup()
    const lockPath = join(fixture.flake, 'flake.lock')
    const good = readFileSync(lockPath, 'utf8')
    writeFileSync(lockPath, good.slice(0, good.length / 2))
    const io = captureIo(dataDir)
    expect(await runCli(['inputs', '--flake', fixture.flake], io)).toBe(1)
    expect(io.stdout).toBe('')
    expect(io.stderr).toMatch(/^flakedeck inputs: .*cut short/)
    expect(io.stderr).toContain('nix flake lock') // the hint

    const empty = temp('flakedeck-not-a-flake-')
    const io2 = captureIo(dataDir)
    expect(await runCli(['inputs', '--flake', empty, '--json'], io2)).toBe(1)
    expect(io2.stdout).toBe('')
    expect(io2.stderr).toBe(
      `flakedeck inputs: ${empty} has no flake.nix.\nOpen the folder whose top holds flake.nix.\n`,
    )
  })

  test('usage errors exit 2 and point at --help', async () => {
    const io = captureIo(temp())
    expect(await runCli(['inputs', '--bogus'], io)).toBe(2)
    expect(io.stderr).toContain('flakedeck inputs --help')
    const io2 = captureIo(temp())
    expect(await runCli(['inputs', 'somewhere'], io2)).toBe(2)
    expect(io2.stderr).toContain('unexpected argument "somewhere"')
    const io3 = captureIo(temp())
    expect(await runCli(['inputs', '--flake'], io3)).toBe(2)
  })
})
