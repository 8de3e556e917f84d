// Reads a nix profile's generations from the file system: the `NAME-N-link` links beside the
// profile link, where each points, which one the profile (and the booted system) points to, and
// what the NixOS toplevel says about itself. Nothing here runs nix.
import { lstatSync, readdirSync, readlinkSync, statSync, type Dirent, type Stats } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { parseStorePathName } from '../../../shared/generations/store-path-name'
import type { GenerationState } from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'

export const defaultSystemProfile = '/nix/var/nix/profiles/system'
export const defaultBootedSystem = '/run/booted-system'

/** A profile: the link nix-env moves (`dir/name`) and the folder its generation links sit in. */
export interface ProfileLocation {
  profilePath: string
  dir: string
  name: string
}

/** A generation as the file system shows it, before anything is asked of nix. */
export interface GenerationLink {
  number: number
  linkPath: string
  storePath: string
  date: number
  current: boolean
  booted: boolean
  state: GenerationState
  problem: string | null
  nixosVersion: string | null
  kernelVersion: string | null
  configurationRevision: string | null
  /** `<toplevel>/sw` resolved, when the toplevel has one. */
  swPath: string | null
  homeManagerVersion: string | null
  homePackages: string[] | null
}

export interface ProfileSnapshot {
  location: ProfileLocation
  currentNumber: number | null
  bootedStorePath: string | null
  /** Newest first. */
  generations: GenerationLink[]
}

export interface ReadProfileOptions {
  /** The booted system's link; `/run/booted-system` unless a test says otherwise. */
  bootedSystemPath?: string
  /**
   * What earlier reads learnt of each toplevel, by store path: a store path never changes, so
   * a caller that keeps this map reads each toplevel once.
   */
  toplevels?: ToplevelLookup
}

/** Where earlier reads of toplevels are kept: a Map, or the SQLite store (toplevel-store.ts). */
export interface ToplevelLookup {
  get(storePath: string): ToplevelInfo | undefined
  set(storePath: string, info: ToplevelInfo): void
}

const generationLinkPattern = /^(.+)-(\d+)-link$/

/**
 * Finds the profile for a path that is either the profile link itself
 * (`/nix/var/nix/profiles/system`) or a folder holding one (`/nix/var/nix/profiles`, where
 * `system` is preferred). A profile link that is gone while its generations remain still counts.
 */
export async function locateProfile(profile: string): Promise<ProfileLocation> {
  if (!isAbsolute(profile)) {
    throw new AppError('bad-request', `"${profile}" is not an absolute path.`, {
      hint: `Give the profile's full path, for example ${defaultSystemProfile}.`,
    })
  }
  const path = resolve(profile)
  const stats = await lstatOrNull(path)
  if (stats?.isSymbolicLink()) {
    return { profilePath: path, dir: dirname(path), name: basename(path) }
  }
  if (stats?.isDirectory()) {
    const names = profileNamesIn(await readdirOrEmpty(path))
    const name = names.has('system') ? 'system' : names.size === 1 ? [...names][0]! : null
    if (name) return { profilePath: join(path, name), dir: path, name }
    if (names.size === 0) throw noGenerations(path)
    throw new AppError('bad-request', `${path} holds several profiles: ${[...names].join(', ')}.`, {
      hint: `Choose one of them, for example ${join(path, [...names][0]!)}.`,
    })
  }
  if (stats) {
    throw new AppError('bad-request', `${path} is a file, not a nix profile.`, {
      hint: `A profile is a link such as ${defaultSystemProfile}, beside its NAME-N-link generations.`,
    })
  }
  const dir = dirname(path)
  const name = basename(path)
  if (profileNamesIn(await readdirOrEmpty(dir)).has(name)) return { profilePath: path, dir, name }
  throw new AppError('not-found', `There is no nix profile at ${path}.`, {
    hint: `Check the profile path in the settings; NixOS keeps its system profile at ${defaultSystemProfile}.`,
  })
}

/** Reads every generation of the profile. A profile without generations is an error. */
export async function readProfile(
  profile: string,
  options: ReadProfileOptions = {},
): Promise<ProfileSnapshot> {
  const location = await locateProfile(profile)
  const entries = await readdirOrEmpty(location.dir)
  const numbers: number[] = []
  for (const entry of entries) {
    const match = generationLinkPattern.exec(entry.name)
    if (match && match[1] === location.name && entry.isSymbolicLink())
      numbers.push(Number(match[2]))
  }
  if (numbers.length === 0) throw noGenerations(location.profilePath)

  const currentNumber = await currentGeneration(location)
  const bootedStorePath = await readlinkOrNull(options.bootedSystemPath ?? defaultBootedSystem)
  const read = await Promise.all(
    numbers.map((n) =>
      readGeneration(location, n, currentNumber, bootedStorePath, options.toplevels),
    ),
  )
  const generations = read.filter((g): g is GenerationLink => g !== null)
  if (generations.length === 0) throw noGenerations(location.profilePath)
  generations.sort((a, b) => b.number - a.number)
  return { location, currentNumber, bootedStorePath, generations }
}

export function generationLinkPath(location: ProfileLocation, number: number): string {
  return join(location.dir, `${location.name}-${number}-link`)
}

async function currentGeneration(location: ProfileLocation): Promise<number | null> {
  const target = await readlinkOrNull(location.profilePath)
  if (!target) return null
  const match = generationLinkPattern.exec(basename(target))
  return match && match[1] === location.name ? Number(match[2]) : null
}

async function readGeneration(
  location: ProfileLocation,
  number: number,
  currentNumber: number | null,
  bootedStorePath: string | null,
  toplevels: ToplevelLookup | undefined,
): Promise<GenerationLink | null> {
  const linkPath = generationLinkPath(location, number)
  const link = linkOf(linkPath)
  if (!link) return null // deleted while the folder was being read
  const [linkStats, target] = link
  const storePath = resolve(location.dir, target)
  const base = {
    number,
    linkPath,
    storePath,
    date: Math.round(linkStats.mtimeMs),
    current: number === currentNumber,
    booted: bootedStorePath !== null && resolve(bootedStorePath) === storePath,
  }
  if (!exists(storePath)) {
    return {
      ...base,
      state: 'dangling',
      problem: `The store path ${storePath} no longer exists (it was garbage collected).`,
      nixosVersion: nixosVersionFromName(storePath),
      kernelVersion: null,
      configurationRevision: null,
      swPath: null,
      homeManagerVersion: null,
      homePackages: null,
    }
  }
  let info = toplevels?.get(storePath)
  if (!info) {
    info = await readToplevel(storePath)
    toplevels?.set(storePath, info)
  }
  return { ...base, state: 'ok', problem: null, ...info }
}

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
function nixosVersionFromName(storePath: string): string | null {
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

function profileNamesIn(entries: readonly Dirent[]): Set<string> {
  const names = new Set<string>()
  for (const entry of entries) {
    const match = generationLinkPattern.exec(entry.name)
    if (match && entry.isSymbolicLink()) names.add(match[1]!)
  }
  return names
}

export function noGenerations(path: string): AppError {
  return new AppError('not-found', `The profile ${path} has no generations.`, {
    hint: 'Build and switch to a configuration first, or choose another profile in the settings.',
  })
}

async function readSmallText(path: string, limit = 4096): Promise<string | null> {
  try {
    const text = await readFile(path, 'utf8')
    return text.length > limit ? null : text.trim() || null
  } catch {
    return null
  }
}

// A generation's link, its target and the toplevel's names are read synchronously: hundreds of
// tiny metadata calls cost a few microseconds each that way, against tens through the thread
// pool and a promise each, which is most of a listing's time (nix-env's pace is the goal).

/** The names in a folder, or null when it is not a folder or cannot be read. */
function readdirNames(path: string): Set<string> | null {
  try {
    return new Set(readdirSync(path))
  } catch {
    return null
  }
}

/** A link's own stats and its target, or null when it is gone. */
function linkOf(path: string): [Stats, string] | null {
  try {
    return [lstatSync(path), readlinkSync(path)]
  } catch {
    return null
  }
}

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined
  } catch {
    return false
  }
}

async function readdirOrEmpty(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true })
  } catch {
    return []
  }
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path)
  } catch {
    return null
  }
}

async function readlinkOrNull(path: string): Promise<string | null> {
  try {
    return await readlink(path)
  } catch {
    return null
  }
}
