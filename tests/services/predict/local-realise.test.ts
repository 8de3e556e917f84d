// Where nix has no binary cache to ask, the prediction counts what must be built itself, from
// the derivation graph and the store's validity (local-realise.ts). It must be exactly what
// `nix-store --realise --dry-run` says: checked on every case of the prediction fixture, with the
// base system built (most of each case's derivations valid) and one case built too.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDryRun } from '../../../src/shared/predict/dry-run'
import { countToBuild } from '../../../src/shared/predict/local-realise'
import { NixTools } from '../../../src/main/services/generations/nix-tools'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { DerivationReader } from '../../../src/main/services/predict/derivation-reader'
import { PredictService } from '../../../src/main/services/predict/predict-service'
import { readStoreFacts } from '../../../src/main/services/predict/store-facts'
import { createProcessRunner, type ProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import {
  makePredictFixture,
  predictCases,
  predictHost,
  type PredictCase,
  type PredictFixture,
} from '../../fixtures/predict-fixture'

let dir: string
let fixture: PredictFixture
const runner = createProcessRunner()
const tools = new NixTools(runner, new NixService(runner))
const attr = `nixosConfigurations.${predictHost}.config.system.build.toplevel.drvPath`

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

function evaluate(rev: string | null): string {
  const override = rev ? ['--override-input', 'pkgs', fixture.urlOf(rev)] : []
  return run('nix', ['eval', '--raw', `${fixture.repo}#${attr}`, ...override])
}

function nixDryRun(drv: string): number {
  // nix prints its answer on stderr.
  const result = execFileSync('sh', ['-c', 'nix-store --realise --dry-run "$1" 2>&1', 'sh', drv], {
    encoding: 'utf8',
  })
  return parseDryRun(result, false).toBuild
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-local-realise-'))
  fixture = makePredictFixture(dir)
  run('nix-store', ['--realise', evaluate(null)])
  run('nix-store', ['--realise', evaluate(fixture.revs['dependency change'])])
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('countToBuild', () => {
  it.each(Object.keys(predictCases) as PredictCase[])(
    'counts what nix would build for "%s"',
    async (name) => {
      const drv = evaluate(fixture.revs[name])
      const graph = await new DerivationReader('/nix/store').closure(drv)
      expect(graph).not.toBeNull()
      const facts = await readStoreFacts(tools, [graph!])
      const local = countToBuild(graph!, drv, (path) => facts.references.has(path))
      expect(local).toBe(nixDryRun(drv))
      // Built already, or (a source moved, same content) the very same outputs: nothing to build.
      if (name === 'dependency change' || name === 'fixed-output source') expect(local).toBe(0)
      else expect(local).toBeGreaterThan(0)
    },
  )
})

describe('PredictService: what must be built', () => {
  it('counts it without nix where nix has no cache to ask, and asks nix where it has one', async () => {
    const change = {
      kind: 'overrides' as const,
      overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs['version bump']) }],
    }
    const commands: string[][] = []
    const serviceWith = (env: NodeJS.ProcessEnv, data: string) => {
      const inner = createProcessRunner(env)
      const r: ProcessRunner = {
        baseEnv: inner.baseEnv,
        run: (command, args, options) => (
          commands.push([...args]),
          inner.run(command, args, options)
        ),
        runChecked: (command, args, options) => (
          commands.push([...args]),
          inner.runChecked(command, args, options)
        ),
      }
      return new PredictService(r, new NixService(r), new GitService(r), openDatabase(data))
    }
    const dryRuns = () => commands.filter((args) => args.includes('--dry-run')).length
    const local = await serviceWith(process.env, join(dir, 'data-local')).predict(
      fixture.repo,
      predictHost,
      change,
    )
    // The test settings name no binary cache (`substituters =`): nix's dry run is not run.
    expect(dryRuns()).toBe(0)
    // A binary cache nix cannot reach: nix's dry run answers, and says fetching is unknown.
    const withCache = `${process.env.NIX_CONFIG ?? ''}\nsubstituters = http://127.0.0.1:9\nconnect-timeout = 1\ndownload-attempts = 1`
    const asked = await serviceWith(
      { ...process.env, NIX_CONFIG: withCache },
      join(dir, 'data-cache'),
    ).predict(fixture.repo, predictHost, change)
    expect(dryRuns()).toBe(1)
    expect(local.ok && asked.ok).toBe(true)
    if (!local.ok || !asked.ok) return
    expect(local.prediction.realise).toEqual({
      toBuild: asked.prediction.realise.toBuild,
      toFetch: 0,
      downloadBytes: null,
      unpackedBytes: null,
      fetchUnknownReason: null,
    })
    expect(asked.prediction.realise.toFetch).toBeNull()
    expect(asked.prediction.realise.fetchUnknownReason).toContain('could not be reached')
  })
})
