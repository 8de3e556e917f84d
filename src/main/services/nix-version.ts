// Which nix is installed decides which command forms Flakedeck uses; this holds that knowledge.
import type { NixCapabilities } from '../../shared/contract'

export interface NixVersion {
  major: number
  minor: number
  patch: number
  text: string
}

/** Parses `nix --version` output, e.g. "nix (Nix) 2.8.0" or "nix (Nix) 2.24.10pre…". */
export function parseNixVersion(output: string): NixVersion | null {
  const match = /\bnix \([^)]*\) (\d+)\.(\d+)(?:\.(\d+))?([^\s]*)/i.exec(output)
  if (!match) return null
  const [, major = '0', minor = '0', patch = '0', rest = ''] = match
  return {
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    text: `${major}.${minor}.${patch}${rest}`,
  }
}

export function atLeast(version: NixVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor)
}

/** Flakes arrived with nix 2.4; anything older cannot work with a flake repo. */
export function supportsFlakes(version: NixVersion): boolean {
  return atLeast(version, 2, 4)
}

export function capabilitiesFor(version: NixVersion | null): NixCapabilities {
  if (!version) {
    return {
      flakeUpdateNamedInputs: false,
      printOutPaths: false,
      configShow: false,
      derivationShow: false,
    }
  }
  return {
    flakeUpdateNamedInputs: atLeast(version, 2, 19),
    printOutPaths: atLeast(version, 2, 9),
    configShow: atLeast(version, 2, 20),
    derivationShow: atLeast(version, 2, 15),
  }
}

/** The command that prints nix's settings: `nix config show` from 2.20 (older: `show-config`). */
export function configShowArgs(capabilities: Pick<NixCapabilities, 'configShow'>): string[] {
  return capabilities.configShow ? ['config', 'show'] : ['show-config']
}

/** Reads `experimental-features` from `nix show-config` / `nix config show` text output. */
export function experimentalFeatures(configText: string): string[] {
  const line = configText.split('\n').find((l) => /^experimental-features\s*=/.test(l))
  if (!line) return []
  return line
    .replace(/^experimental-features\s*=/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
}
