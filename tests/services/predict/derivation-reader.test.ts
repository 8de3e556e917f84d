// The .drv files read directly (derivation-aterm.ts) give the same derivations as nix prints
// with `nix derivation show -r` (nix 2.8: `nix show-derivation -r`): every kind the prediction
// fixture makes (multiple outputs, fixed-output sources, strings with quotes and newlines).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDerivations } from '../../../src/shared/predict/derivation-graph'
import { DerivationReader } from '../../../src/main/services/predict/derivation-reader'
import {
  makePredictFixture,
  predictHost,
  type PredictFixture,
} from '../../fixtures/predict-fixture'

let dir: string
let fixture: PredictFixture

function nix(args: string[]): string {
  return execFileSync('nix', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-drv-reader-'))
  fixture = makePredictFixture(dir)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('DerivationReader', () => {
  it('reads a closure of .drv files exactly as nix shows it', async () => {
    const drv = nix([
      'eval',
      '--raw',
      `${fixture.repo}#nixosConfigurations.${predictHost}.config.system.build.toplevel.drvPath`,
    ])
    const version = nix(['--version'])
    const modern = /(\d+)\.(\d+)/.exec(version)!
    const show =
      Number(modern[1]) > 2 || Number(modern[2]) >= 19
        ? ['derivation', 'show']
        : ['show-derivation']
    const byNix = parseDerivations(nix([...show, '-r', drv]))
    const reader = new DerivationReader('/nix/store')
    const read = await reader.closure(drv)
    expect(read).not.toBeNull()
    expect(new Set(read!.keys())).toEqual(new Set(byNix.keys()))
    for (const [path, derivation] of byNix) expect(read!.get(path)).toEqual(derivation)
    // Some of them carry what the parser must unescape, and a fixed-output source.
    expect([...read!.values()].some((d) => d.fixedOutput)).toBe(true)
    expect([...read!.values()].some((d) => d.outputs.size > 1)).toBe(true)
    expect([...read!.values()].some((d) => d.args.some((a) => a.includes('\n')))).toBe(true)

    // Kept: read again without touching the files, the same objects come back.
    const again = await reader.closure(drv)
    expect(again!.get(drv)).toBe(read!.get(drv))
  })

  it('answers null for what is not a local .drv, so nix is asked instead', async () => {
    const reader = new DerivationReader('/nix/store')
    await expect(reader.closure('/elsewhere/abc-x.drv')).resolves.toBeNull()
    await expect(
      reader.closure('/nix/store/00000000000000000000000000000000-missing.drv'),
    ).resolves.toBeNull()
  })
})
