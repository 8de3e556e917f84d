import { describe, expect, it } from 'vitest'
import {
  capabilitiesFor,
  experimentalFeatures,
  parseNixVersion,
  supportsFlakes,
} from '../../src/main/services/nix-version'

describe('parseNixVersion', () => {
  it.each([
    ['nix (Nix) 2.8.0', 2, 8, 0],
    ['nix (Nix) 2.18.1\n', 2, 18, 1],
    ['nix (Nix) 2.24.10pre20241002_dirty', 2, 24, 10],
    ['nix (Lix, like Nix) 2.91.1', 2, 91, 1],
    ['nix (Nix) 2.3', 2, 3, 0],
  ])('reads %j', (text, major, minor, patch) => {
    expect(parseNixVersion(text)).toMatchObject({ major, minor, patch })
  })

  it('returns null for text that is not nix --version', () => {
    expect(parseNixVersion('bash: nix: command not found')).toBeNull()
  })
})

describe('capabilitiesFor', () => {
  it('uses the old command forms on nix 2.8', () => {
    const caps = capabilitiesFor(parseNixVersion('nix (Nix) 2.8.0'))
    expect(caps).toEqual({
      flakeUpdateNamedInputs: false,
      printOutPaths: false,
      configShow: false,
      derivationShow: false,
    })
  })

  it('uses the current command forms on nix 2.24', () => {
    const caps = capabilitiesFor(parseNixVersion('nix (Nix) 2.24.9'))
    expect(caps).toEqual({
      flakeUpdateNamedInputs: true,
      printOutPaths: true,
      configShow: true,
      derivationShow: true,
    })
  })

  it('switches `nix flake update NAME` on exactly at 2.19', () => {
    expect(capabilitiesFor(parseNixVersion('nix (Nix) 2.18.9')).flakeUpdateNamedInputs).toBe(false)
    expect(capabilitiesFor(parseNixVersion('nix (Nix) 2.19.0')).flakeUpdateNamedInputs).toBe(true)
  })

  it('knows flakes need 2.4', () => {
    expect(supportsFlakes(parseNixVersion('nix (Nix) 2.3.16')!)).toBe(false)
    expect(supportsFlakes(parseNixVersion('nix (Nix) 2.4.0')!)).toBe(true)
  })
})

describe('experimentalFeatures', () => {
  it('reads the features line of show-config', () => {
    const text = 'cores = 0\nexperimental-features = flakes nix-command\nkeep-going = false\n'
    expect(experimentalFeatures(text)).toEqual(['flakes', 'nix-command'])
  })
  it('is empty when the line is absent or empty', () => {
    expect(experimentalFeatures('cores = 0\n')).toEqual([])
    expect(experimentalFeatures('experimental-features = \n')).toEqual([])
  })
})
