// The command forms that change flake.lock, run by the nix on PATH: the form Flakedeck picks for
// the detected version works without complaint, and the other form is what this nix refuses
// (nix 2.8: `nix flake update NAME --flake` is not a command) or warns about (nix 2.19 and
// newer: `--update-input` is a deprecated alias).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { lockChangeArgs } from '../../../src/main/services/inputs/lock-commands'
import { NixService } from '../../../src/main/services/nix'
import { atLeast, parseNixVersion } from '../../../src/main/services/nix-version'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { makeInputsFixture } from '../../fixtures/inputs-fixture'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
const runner = createProcessRunner()

async function setup() {
  const fixture = makeInputsFixture(temp('flakedeck-lock-commands-'))
  const nix = new NixService(runner)
  const info = await nix.detect()
  const version = parseNixVersion(`nix (Nix) ${info.version ?? ''}`)
  if (!version) throw new Error(`no nix version detected: ${JSON.stringify(info)}`)
  return { fixture, nix, info, modern: atLeast(version, 2, 19) }
}

/** The locked revision of each of the root's inputs that has a node of its own. */
function rootRevs(flake: string): Record<string, unknown> {
  const lock = parseLockfile(readFileSync(join(flake, 'flake.lock'), 'utf8'))
  const root = lock.nodes.get(lock.rootLabel)!
  return Object.fromEntries(
    Object.entries(root.inputs).flatMap(([name, target]) =>
      typeof target === 'string' ? [[name, lock.nodes.get(target)!.locked?.rev]] : [],
    ),
  )
}

const complaint = /deprecated|unrecognised|unrecognized|unexpected argument/i

describe('lock commands for the nix on PATH', () => {
  test('updating named inputs uses the form this nix has', async () => {
    const { fixture, nix, info, modern } = await setup()
    expect(info.capabilities.flakeUpdateNamedInputs).toBe(modern)
    const before = rootRevs(fixture.flake)
    const args = lockChangeArgs(
      fixture.flake,
      { kind: 'update', names: ['data', 'nixpkgs'] },
      info.capabilities,
    )
    expect(args.slice(0, 2)).toEqual(modern ? ['flake', 'update'] : ['flake', 'lock'])
    const result = await nix.run(args, { cwd: fixture.flake, timeoutMs: 120_000 })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(complaint)
    expect(rootRevs(fixture.flake)).toEqual({
      ...before,
      data: fixture.revs.d3,
      nixpkgs: fixture.revs.p5,
    })
  })

  test('the form of the other nix generation is refused or warned about', async () => {
    const { fixture, nix, info, modern } = await setup()
    const other = lockChangeArgs(
      fixture.flake,
      { kind: 'update', names: ['data'] },
      { ...info.capabilities, flakeUpdateNamedInputs: !modern },
    )
    const result = await nix.run(other, { cwd: fixture.flake, timeoutMs: 120_000 })
    if (modern) {
      expect(result.stderr).toMatch(/'--update-input' is a deprecated alias/)
    } else {
      expect(result.code).not.toBe(0)
      expect(result.stderr).toMatch(/unrecognised flag '--flake'/)
    }
  })

  test('updating everything and pinning by override work without complaint', async () => {
    const { fixture, nix, info } = await setup()
    const all = await nix.run(
      lockChangeArgs(fixture.flake, { kind: 'update-all' }, info.capabilities),
      {
        cwd: fixture.flake,
        timeoutMs: 120_000,
      },
    )
    expect(all.code, all.stderr).toBe(0)
    expect(all.stderr).not.toMatch(complaint)
    expect(rootRevs(fixture.flake)).toMatchObject({
      data: fixture.revs.d3,
      nixpkgs: fixture.revs.p5,
    })
    const url = `git+file://${fixture.repos.data}?rev=${fixture.revs.d1}`
    const pin = await nix.run(
      lockChangeArgs(fixture.flake, { kind: 'override', name: 'data', url }, info.capabilities),
      { cwd: fixture.flake, timeoutMs: 120_000 },
    )
    expect(pin.code, pin.stderr).toBe(0)
    expect(pin.stderr).not.toMatch(complaint)
    expect(rootRevs(fixture.flake)).toMatchObject({ data: fixture.revs.d1 })
  })
})
