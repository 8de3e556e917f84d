// Reads a nix profile's generations from the file system: the `NAME-N-link` links beside the
// profile link, where each points, which one the profile (and the booted system) points to, and
// what the NixOS toplevel says about itself (toplevel-info.ts, read once per store path when the
// caller keeps what was read). Nothing here runs nix.
import { existsSync, lstatSync, readdirSync, readlinkSync, type Dirent, type Stats } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { GenerationState } from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'
import { nixosVersionFromName, readToplevel, type ToplevelInfo } from './toplevel-info'

export type { ToplevelInfo } from './toplevel-info'

export const defaultSystemProfile = '/nix/var/nix/profiles/system'
export const defaultBootedSystem = '/run/booted-system'

/** A profile: the link nix-env moves (`dir/name`) and the folder its generation links sit in. */
export interface ProfileLocation {
  profilePath: string
  dir: string
  name: string
}

/**
 * A generation as the file system shows it, before anything is asked of nix: its link, and what
 * its toplevel records about itself (`swPath`: `<toplevel>/sw` resolved).
 */
export interface GenerationLink extends ToplevelInfo {
  number: number
  linkPath: string
  storePath: string
  date: number
  current: boolean
  booted: boolean
  state: GenerationState
  problem: string | null
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
  const stats = lstatOrNull(path)
  if (stats?.isSymbolicLink()) {
    return { profilePath: path, dir: dirname(path), name: basename(path) }
  }
  if (stats?.isDirectory()) {
    const names = profileNamesIn(readdirOrEmpty(path))
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
  if (profileNamesIn(readdirOrEmpty(dir)).has(name)) return { profilePath: path, dir, name }
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
  const entries = readdirOrEmpty(location.dir)
  const numbers: number[] = []
  for (const entry of entries) {
    const match = generationLinkPattern.exec(entry.name)
    if (match && match[1] === location.name && entry.isSymbolicLink())
      numbers.push(Number(match[2]))
  }
  if (numbers.length === 0) throw noGenerations(location.profilePath)

  const currentNumber = currentGeneration(location)
  const bootedStorePath = readlinkOrNull(options.bootedSystemPath ?? defaultBootedSystem)
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

function currentGeneration(location: ProfileLocation): number | null {
  const target = readlinkOrNull(location.profilePath)
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

// The profile's folder, its links, their targets and the store paths are read synchronously:
// hundreds of tiny metadata calls cost a few microseconds each that way, against tens through
// the thread pool and a promise each, which is most of a listing's time (nix-env's pace is the
// goal).

/** A link's own stats and its target, or null when it is gone. */
function linkOf(path: string): [Stats, string] | null {
  try {
    return [lstatSync(path), readlinkSync(path)]
  } catch {
    return null
  }
}

/** Whether the path (a link followed) exists; no Stats object made for each of hundreds. */
export function exists(path: string): boolean {
  return existsSync(path)
}

function readdirOrEmpty(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true })
  } catch {
    return []
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}

export function readlinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path)
  } catch {
    return null
  }
}
