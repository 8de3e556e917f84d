// "What will this rebuild change?" before building, with real nix: the working tree (uncommitted
// edits) against the running system, the current generation of a throwaway profile (built from
// the fixture's last commit and set with nix-env). The running system is read from the store, not
// evaluated: from the derivation it was built from while the store holds it, else from its built
// closure; both ways name the same packages, nothing is built and nothing in the repo changes.
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Prediction, PredictProgress } from '../../../src/shared/predict/types'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { PredictService } from '../../../src/main/services/predict/predict-service'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import { git } from '../../helpers/git-repo'
import {
  hostNix,
  makePredictFixture,
  predictHost,
  type PredictFixture,
} from '../../fixtures/predict-fixture'

let dir: string
let db: Database.Database
let fixture: PredictFixture
let profile: string
/** The running system: the last commit's toplevel, built, and its derivation. */
let running: { drv: string; out: string }

function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  }).trim()
}

const toplevelAttr = `nixosConfigurations.${predictHost}.config.system.build.toplevel`

function makeService(): PredictService {
  const runner = createProcessRunner()
  return new PredictService(runner, new NixService(runner), new GitService(runner), db)
}

function isValid(path: string): boolean {
  return run('nix-store', ['--check-validity', '--print-invalid', path]) === ''
}

function shape(prediction: Prediction) {
  return prediction.system.changes.map((c) => ({
    name: c.name,
    kind: c.kind,
    oldVersions: c.oldVersions,
    newVersions: c.newVersions,
    selected: c.selected,
  }))
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-predict-running-'))
  fixture = makePredictFixture(dir)
  db = openDatabase(join(dir, 'data'))
  const drv = run('nix', ['eval', '--raw', `${fixture.repo}#${toplevelAttr}.drvPath`])
  running = { drv, out: run('nix-store', ['--realise', drv]) }
  mkdirSync(join(dir, 'profiles'))
  profile = join(dir, 'profiles', 'system')
  run('nix-env', ['-p', profile, '--set', running.out])
  // The uncommitted edit: the compiler becomes one of the chosen packages.
  writeFileSync(join(fixture.repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
})

afterAll(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What the working tree adds to the running system (cc, chosen) and what that rebuilds. */
const expectedChanges = [
  { name: 'cc', kind: 'added', oldVersions: [], newVersions: ['13.2'], selected: true },
  { name: 'nixos-system-demo', kind: 'changed', selected: false },
  { name: 'system-path', kind: 'changed', selected: false },
]

describe('PredictService: the working tree against the running system', () => {
  let fromDerivation: Prediction

  it('reads the running system from its derivation, builds nothing and writes nothing', async () => {
    const service = makeService()
    const repoBefore = {
      hostNix: readFileSync(join(fixture.repo, 'host.nix'), 'utf8'),
      status: git(fixture.repo, 'status', '--porcelain'),
      head: git(fixture.repo, 'rev-parse', 'HEAD'),
    }
    const progress: PredictProgress[] = []
    const result = await service.predict(
      fixture.repo,
      predictHost,
      { kind: 'running-system', profile },
      { onProgress: (p) => progress.push(p) },
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { prediction } = result
    fromDerivation = prediction
    expect(prediction.runningSystem).toEqual({
      profile,
      generation: 1,
      storePath: running.out,
      drvPath: running.drv,
    })
    expect(prediction.beforeDrv).toBe(running.drv)
    expect(shape(prediction)).toMatchObject(expectedChanges)
    // cc was built as a tool of every package: only the system path and the toplevel are new.
    expect(prediction.realise.toBuild).toBe(2)
    // Adding cc to the system is no change to what builds it.
    expect(prediction.buildOnly.changes).toEqual([])
    expect(progress[0]).toEqual({ phase: 'evaluating-before', activity: `reading ${profile}` })

    expect(isValid(run('nix-store', ['-q', '--outputs', prediction.afterDrv]))).toBe(false)
    expect({
      hostNix: readFileSync(join(fixture.repo, 'host.nix'), 'utf8'),
      status: git(fixture.repo, 'status', '--porcelain'),
      head: git(fixture.repo, 'rev-parse', 'HEAD'),
    }).toEqual(repoBefore)
    expect(readFileSync(join(dir, 'profiles', 'system-1-link', 'sw', 'packages'), 'utf8')).toBe(
      readFileSync(join(running.out, 'sw', 'packages'), 'utf8'),
    )

    // Asked again: the stored prediction, still naming the running system.
    const again = await service.predict(fixture.repo, predictHost, {
      kind: 'running-system',
      profile,
    })
    expect(again.ok && again.prediction.cached).toBe(true)
    expect(again.ok && again.prediction.runningSystem?.drvPath).toBe(running.drv)
  })

  it('reads the built closure when the derivation is gone, and names the same packages', async () => {
    // A garbage collection (keep-derivations off) or a system fetched from a cache: no .drv.
    run('nix-store', ['--delete', '--ignore-liveness', running.drv])
    expect(isValid(running.drv)).toBe(false)

    const result = await makeService().predict(fixture.repo, predictHost, {
      kind: 'running-system',
      profile,
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { prediction } = result
    expect(prediction.runningSystem).toMatchObject({ storePath: running.out, drvPath: null })
    expect(prediction.beforeDrv).toBe(running.out)
    expect(shape(prediction)).toEqual(shape(fromDerivation))
    // The running system is built: its side's sizes are known.
    const path = prediction.system.changes.find((c) => c.name === 'system-path')
    expect(path?.oldSize).toBeGreaterThan(0)
    expect(prediction.buildOnly.changes).toEqual([])
    expect(prediction.realise.toBuild).toBe(2)
  })

  it('says so when the profile has no generation', async () => {
    const missing = join(dir, 'profiles', 'nothing-here')
    await expect(
      makeService().predict(fixture.repo, predictHost, {
        kind: 'running-system',
        profile: missing,
      }),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('has no current generation'),
    })
  })

  it('places an error of the working tree at its file and line', async () => {
    const broken = hostNix().replace('paths = pkgs.chosen;', 'paths = pkgs.chosen ++ nope;')
    writeFileSync(join(fixture.repo, 'host.nix'), broken)
    try {
      const failed = await makeService().predict(fixture.repo, predictHost, {
        kind: 'running-system',
        profile,
      })
      expect(failed.ok).toBe(false)
      if (failed.ok) return
      expect(failed.error.side).toBe('after')
      const line = broken.split('\n').findIndex((l) => l.includes('nope')) + 1
      expect(failed.error.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', file: 'host.nix', line }),
      )
    } finally {
      writeFileSync(join(fixture.repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
    }
  })
})
