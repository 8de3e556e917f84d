// What a NixOS toplevel (or a Home Manager generation) records about itself: its NixOS label,
// kernel, the flake revision it was built from, where its chosen packages are, and Home
// Manager's version and packages. Store paths never change, so callers keep what this reads
// (toplevel-store.ts) and read each toplevel once.
// fs.promises is reached through node:fs when first used: the warm `flakedeck generations`
// bundles this module but reads no toplevel, and loading node's promise API costs it time.
import { promises as fs, readdirSync, type Dirent } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseStorePathName } from '../../../shared/generations/store-path-name'

/** What a NixOS toplevel (or a Home Manager generation) records about itself; each optional. */
export interface ToplevelInfo {
  nixosVersion: string | null
  kernelVersion: string | null
  configurationRevision: string | null
  swPath: string | null
  /** A Home Manager generation's `hm-version`. */
  homeManagerVersion: string | null
  /** The packages of a Home Manager generation's `home-path` (`name-version`), sorted. */
  homePackages: string[] | null
}

/**
 * Reads what a NixOS toplevel records about itself. One listing of the toplevel says which of
 * the files it may hold are there, so a profile of hundreds of generations costs no failed
 * opens; a toplevel that is a file (not a NixOS system) has none of them.
 */
export async function readToplevel(toplevel: string): Promise<ToplevelInfo> {
  const names = readdirNames(toplevel)
  const has = (name: string) => names?.has(name) === true
  const [nixosVersion, kernelVersion, configurationRevision, sw, hmVersion, homePackages] =
    await Promise.all([
      has('nixos-version') ? readSmallText(join(toplevel, 'nixos-version')) : null,
      kernelVersionOf(toplevel, has),
      configurationRevisionOf(toplevel, has),
      has('sw') ? readlinkOrNull(join(toplevel, 'sw')) : null,
      has('hm-version') ? readSmallText(join(toplevel, 'hm-version')) : null,
      has('home-path') ? homePackagesOf(join(toplevel, 'home-path')) : null,
    ])
  return {
    nixosVersion: nixosVersion || nixosVersionFromName(toplevel),
    kernelVersion,
    configurationRevision,
    swPath: sw ? resolve(toplevel, sw) : null,
    homeManagerVersion: hmVersion,
    homePackages,
  }
}

/** Home Manager generations listed per profile stay cheap: at most this many names each. */
const homePackagesKept = 500

/**
 * The packages a Home Manager `home-path` (a buildEnv) gathers: the store paths its `bin`
 * entries lead to, as `name-version`. Entries that are not links into a store path are skipped.
 */
async function homePackagesOf(homePath: string): Promise<string[]> {
  const bin = join(homePath, 'bin')
  const names = new Set<string>()
  for (const entry of (await readdirOrEmpty(bin)).slice(0, 5000)) {
    const target = await readlinkOrNull(join(bin, entry.name))
    const match = target ? /^\/.+?\/[0-9a-z]{32}-([^/]+)/.exec(resolve(bin, target)) : null
    if (match) names.add(match[1]!)
  }
  return [...names].sort().slice(0, homePackagesKept)
}

/** `nixos-system-HOST-24.05.20240101.abcdef` names its NixOS version; use it if the file is missing. */
export function nixosVersionFromName(storePath: string): string | null {
  const { name, version } = parseStorePathName(storePath)
  return name.startsWith('nixos-system-') && version ? version : null
}

async function kernelVersionOf(
  toplevel: string,
  has: (name: string) => boolean,
): Promise<string | null> {
  if (has('kernel-modules')) {
    const modules = await readdirOrEmpty(join(toplevel, 'kernel-modules', 'lib', 'modules'))
    const dir = modules.find((entry) => !entry.name.startsWith('.'))
    if (dir) return dir.name
  }
  if (!has('kernel')) return null
  const kernel = await readlinkOrNull(join(toplevel, 'kernel'))
  if (!kernel) return null
  return parseStorePathName(kernel).version || null
}

const revisionFiles = [
  'configurationRevision',
  'configuration-revision',
  'configuration-revision.txt',
]

/**
 * The flake revision the system was built from. NixOS bakes `system.configurationRevision` into
 * its `nixos-version` script (a JSON block and an `echo`); some setups also write it to a file
 * in the toplevel. Anything unreadable means "not recorded".
 */
async function configurationRevisionOf(
  toplevel: string,
  has: (name: string) => boolean,
): Promise<string | null> {
  for (const file of revisionFiles) {
    if (!has(file)) continue
    const text = await readSmallText(join(toplevel, file))
    if (text) return text
  }
  if (!has('sw')) return null
  const script = await readSmallText(join(toplevel, 'sw', 'bin', 'nixos-version'), 256 * 1024)
  if (!script) return null
  const json = /"configurationRevision"\s*:\s*"([^"]+)"/.exec(script)
  if (json) return json[1]!
  const echo = /--configuration-revision\)[\s\S]*?echo\s+"([^"@$]+)"/.exec(script)
  return echo ? echo[1]! : null
}

async function readSmallText(path: string, limit = 4096): Promise<string | null> {
  try {
    const text = await fs.readFile(path, 'utf8')
    return text.length > limit ? null : text.trim() || null
  } catch {
    return null
  }
}

/**
 * The names in a folder, or null when it is not a folder or cannot be read. Synchronous: a
 * metadata call costs microseconds that way, against a thread-pool round and a promise.
 */
function readdirNames(path: string): Set<string> | null {
  try {
    return new Set(readdirSync(path))
  } catch {
    return null
  }
}

async function readdirOrEmpty(path: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(path, { withFileTypes: true })
  } catch {
    return []
  }
}

async function readlinkOrNull(path: string): Promise<string | null> {
  try {
    return await fs.readlink(path)
  } catch {
    return null
  }
}
