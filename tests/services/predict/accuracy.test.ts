// The prediction checked against the truth: for each kind of change an update can bring (see
// tests/fixtures/predict-fixture.ts), predict what it does to the host from evaluation alone,
// then build both systems and compare them the way the Generations area does (and as
// `nix store diff-closures` does): the predicted system changes must be exactly the built ones,
// and a change that only builds the system must never show as a change to it.
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { versionChange } from '../../../src/shared/generations/closure-diff'
import type { ClosureDiff } from '../../../src/shared/generations/types'
import type { Prediction } from '../../../src/shared/predict/types'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { PredictService } from '../../../src/main/services/predict/predict-service'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import {
  makePredictFixture,
  predictCases,
  predictHost,
  type PredictCase,
  type PredictFixture,
} from '../../fixtures/predict-fixture'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const runner = createProcessRunner()
const nix = new NixService(runner)
let dir: string
let db: Database.Database
let fixture: PredictFixture
let predict: PredictService
let generations: GenerationsService
/** A service that asks nix for the store's facts (FLAKEDECK_STORE_QUERY=nix). */
let predictByNix: PredictService

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-predict-'))
  fixture = makePredictFixture(dir)
  db = openDatabase(join(dir, 'data'))
  predict = new PredictService(runner, nix, new GitService(runner), db)
  const nixOnly = createProcessRunner({ ...process.env, FLAKEDECK_STORE_QUERY: 'nix' })
  predictByNix = new PredictService(nixOnly, new NixService(nixOnly), new GitService(nixOnly), db)
  generations = new GenerationsService(runner, nix, db, {
    bootedSystemPath: join(dir, 'no-booted-system'),
  })
})

afterAll(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What a comparison says, without sizes (a prediction knows none of what is not built). */
function shape(diff: Pick<ClosureDiff, 'changes'>) {
  return diff.changes
    .map((c) => ({
      name: c.name,
      kind: c.kind,
      oldVersions: c.oldVersions,
      newVersions: c.newVersions,
      outputs: c.outputs,
      selected: c.selected,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
}

function realise(drv: string): string {
  return execFileSync('nix-store', ['--realise', drv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()
}

/** `nix store diff-closures` lines that name versions: name → versions removed and added. */
function diffClosures(
  before: string,
  after: string,
): Map<string, { removed: string[]; added: string[] }> {
  const text = execFileSync(
    'nix',
    ['--extra-experimental-features', 'nix-command', 'store', 'diff-closures', before, after],
    { encoding: 'utf8' },
  )
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '')
  const lines = new Map<string, { removed: string[]; added: string[] }>()
  for (const line of plain.split('\n')) {
    const match = /^(\S+): (.*?) → (.*?)(?:, [+-][\d.]+ KiB)?$/.exec(line)
    if (!match) continue
    const versions = (text: string) =>
      text === '∅' ? [] : text.split(', ').map((v) => (v === 'ε' ? '' : v))
    lines.set(match[1]!, { removed: versions(match[2]!), added: versions(match[3]!) })
  }
  return lines
}

async function predictCase(name: PredictCase): Promise<Prediction> {
  const result = await predict.predict(fixture.repo, predictHost, {
    kind: 'overrides',
    overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs[name]) }],
  })
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.prediction
}

/** The system's own parts, rebuilt whenever a package in it changes. */
const assembly = ['nixos-system-demo', 'system-path']

/** What each case must show, as the built comparison shows it (checked below as well). */
const expectedNames: Record<PredictCase, string[]> = {
  'version bump': ['hello', 'linux', ...assembly],
  'added and removed': ['gone', 'newpkg', ...assembly],
  'dependency change': ['app', 'libfoo', ...assembly],
  'multi-output': ['manual', ...assembly],
  rename: ['newname', 'oldname', ...assembly],
  'build-only tool upgrade': [
    'app',
    'gone',
    'hello',
    'libfoo',
    'linux',
    'manual',
    'oldname',
    ...assembly,
  ],
  'libc update': [
    'app',
    'glibc',
    'gone',
    'hello',
    'libfoo',
    'linux',
    'manual',
    'oldname',
    ...assembly,
  ],
  // The source moved, its content did not: the package's output, and so the system, is the same.
  'fixed-output source': [],
}

describe.each(Object.keys(predictCases) as PredictCase[])('%s', (name) => {
  it('predicts exactly the system changes the built systems show', async () => {
    const prediction = await predictCase(name)

    if (name === 'dependency change') {
      // app 1.0 is not built yet: that it keeps libfoo 1.1 is a guess until it is; the system
      // path's own references are not.
      const sure = (n: string) => prediction.system.changes.find((c) => c.name === n)?.sure
      expect([sure('app'), sure('libfoo')]).toEqual([true, false])
    }

    const before = realise(prediction.beforeDrv)
    const after = realise(prediction.afterDrv)
    const truth = await generations.diffSystems(before, after)
    expect(shape(prediction.system)).toEqual(shape(truth))
    expect(prediction.system.changes.map((c) => c.name).sort()).toEqual(expectedNames[name].sort())

    // nix's own comparison agrees on every version it names.
    const nixView = diffClosures(before, after)
    for (const [package_, versions] of nixView) {
      if (versions.removed.length === 0 && versions.added.length === 0) continue
      const change = prediction.system.changes.find((c) => c.name === package_)
      expect(change, package_).toBeDefined()
      expect(versionChange(change!)).toEqual(versions)
    }

    // Build tools and sources are never system changes.
    expect(prediction.system.changes.map((c) => c.name)).not.toContain('cc')
    expect(prediction.system.changes.find((c) => c.name === 'linux')?.reboot ?? true).toBe(true)

    // Predicted again now that both systems are built, from the store's real references: the
    // same answer, every line sure.
    const again = await predict.compare(predictHost, prediction.beforeDrv, prediction.afterDrv)
    expect(shape(again.system)).toEqual(shape(truth))
    expect(again.system.changes.every((c) => c.sure)).toBe(true)
    expect(again.realise.toBuild).toBe(0)
    // The same through nix alone, without reading the store's database.
    const byNix = await predictByNix.compare(predictHost, prediction.beforeDrv, prediction.afterDrv)
    expect(byNix.system).toEqual(again.system)
  })
})

describe('build-only changes', () => {
  it('names the compiler upgrade and the moved source as build changes only', async () => {
    const tool = await predictCase('build-only tool upgrade')
    expect(tool.buildOnly.changes.map((c) => [c.name, c.oldVersions, c.newVersions])).toEqual([
      ['cc', ['13.2'], ['13.3']],
    ])
    const source = await predictCase('fixed-output source')
    expect(source.system.changes).toEqual([])
    expect(source.buildOnly.changes.map((c) => [c.name, c.kind])).toEqual([['hello', 'changed']])
    expect(source.buildOnly.changes[0]!.oldVersions).toEqual(['2.12.tar'])
  })
})
