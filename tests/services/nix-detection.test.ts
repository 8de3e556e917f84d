import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { flakeFeatureArgs, NixService } from '../../src/main/services/nix'
import {
  capabilitiesFor,
  configShowArgs,
  experimentalFeatures,
  parseNixVersion,
} from '../../src/main/services/nix-version'
import { createProcessRunner } from '../../src/main/services/process-runner'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()

/** A directory holding a program named `nix` that prints `versionText`. */
function nixPrinting(versionText: string): string {
  const dir = tempDir()
  const file = join(dir, 'nix')
  writeFileSync(file, `#!/bin/sh\necho '${versionText}'\n`)
  chmodSync(file, 0o755)
  return dir
}

describe('nix detection', () => {
  it('finds the real nix and its version', async () => {
    const nix = new NixService(createProcessRunner())
    const info = await nix.detect()
    expect(info.found).toBe(true)
    expect(info.version).toMatch(/^2\.\d+/)
    expect(info.problem).toBeNull()
    // The test config enables flakes, so nix itself reports them on.
    expect(info.flakesEnabledByConfig).toBe(true)
  })

  it('reads the real nix settings in the form that nix has, without a deprecation warning', async () => {
    const runner = createProcessRunner()
    const info = await new NixService(runner).detect()
    // The test run names the nix it means to test (vitest.config.ts); detection must agree.
    const expected = process.env.FLAKEDECK_EXPECTED_NIX
    if (expected) expect(info.version).toBe(expected)
    const version = parseNixVersion(`nix (Nix) ${info.version}`)!
    expect(info.capabilities).toEqual(capabilitiesFor(version))
    const result = await runner.run(info.path!, [
      ...flakeFeatureArgs,
      ...configShowArgs(info.capabilities),
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(/deprecated|not a recognised command/)
    expect(experimentalFeatures(result.stdout)).toEqual(expect.arrayContaining(['flakes']))
  })

  it('sees when the user config does not enable flakes', async () => {
    const nix = new NixService(
      createProcessRunner({ ...process.env, NIX_CONFIG: 'sandbox = false' }),
    )
    const info = await nix.detect()
    expect(info.problem).toBeNull()
    expect(info.flakesEnabledByConfig).toBe(false)
    // Flakedeck passes the features itself, so flake commands still work.
    const result = await nix.run(['flake', '--help'])
    expect(result.code).toBe(0)
  })

  it('says what to do when nix is missing', async () => {
    const nix = new NixService(createProcessRunner({ ...process.env, PATH: tempDir() }))
    const info = await nix.detect()
    expect(info).toMatchObject({
      found: false,
      problem: { code: 'nix-missing', hint: expect.stringContaining('Install nix') },
    })
    await expect(nix.run(['--version'])).rejects.toMatchObject({ code: 'nix-missing' })
  })

  it('refuses a nix without flakes', async () => {
    const dir = nixPrinting('nix (Nix) 2.3.16')
    const nix = new NixService(createProcessRunner({ ...process.env, PATH: dir }))
    const info = await nix.detect()
    expect(info).toMatchObject({
      found: true,
      version: '2.3.16',
      problem: { code: 'nix-unsupported', message: expect.stringContaining('no flakes support') },
    })
  })

  it('runs a command without waiting for the config, and names a nix without flakes first', async () => {
    // A command starts beside the version check; on a nix too old for flakes the user reads
    // why, not the failure of the command (which refuses the feature flag it does not know).
    const old = nixPrinting('nix (Nix) 2.3.16')
    const oldNix = new NixService(createProcessRunner({ ...process.env, PATH: old }))
    await expect(oldNix.run(['eval', '--expr', '1'])).rejects.toMatchObject({
      code: 'nix-unsupported',
    })
    await expect(oldNix.runChecked(['eval', '--expr', '1'])).rejects.toMatchObject({
      code: 'nix-unsupported',
    })
    // A working nix: the command's answer, and detect() still reads the config afterwards.
    const nix = new NixService(createProcessRunner())
    const result = await nix.run(['eval', '--expr', '1 + 1'])
    expect(result.stdout.trim()).toBe('2')
    expect((await nix.detect()).flakesEnabledByConfig).toBe(true)
  })

  it('picks the newer command forms for a newer nix', async () => {
    const dir = nixPrinting('nix (Nix) 2.24.9')
    const nix = new NixService(createProcessRunner({ ...process.env, PATH: dir }))
    const info = await nix.detect()
    expect(info.capabilities.flakeUpdateNamedInputs).toBe(true)
    expect(info.capabilities.configShow).toBe(true)
  })
})
