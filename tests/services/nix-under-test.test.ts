// Each nix project runs the nix its name says: a wrong PATH would test one version twice.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('the nix under test', () => {
  it('is the version this project is named after', () => {
    const expected = process.env.FLAKEDECK_EXPECTED_NIX
    expect(expected, 'run through a vitest project per nix version').toBeTruthy()
    const printed = execFileSync('nix', ['--version'], { encoding: 'utf8' })
    expect(printed).toMatch(new RegExp(`\\b${expected!.replace(/\./g, '\\.')}\\b`))
    const env = execFileSync('nix-env', ['--version'], { encoding: 'utf8' })
    expect(env).toContain(expected!)
  })
})
