// A profile's generations as one listing read them (profile-reader.ts), kept in the generations
// snapshot and reused while the file system says nothing changed: the same links in the profile's
// folder, each with the same inode and times (a link is never changed in place: a new generation,
// a switch or a deletion makes or removes links, and a link made again is a new inode with a new
// change time), and the store's folder with the same stamp (a store path deleted or added changes
// it; when it has changed, each store path is looked at again). The folder's own times are not
// used: nix-env makes and removes a lock file beside the links at every call. The booted system is
// read every time. Anything else and the profile is read again.
import { lstatSync, readdirSync } from 'node:fs'
import { dirname, resolve, sep } from 'node:path'
import {
  defaultBootedSystem,
  exists,
  locateProfile,
  readlinkOrNull,
  type ProfileLocation,
  type ProfileSnapshot,
} from '../services/generations/profile-reader'
import { pathStamp, trustedStamp } from '../store/read-snapshot'

export interface ProfileRecord {
  /** The profile as asked for (a link or a folder of profiles). */
  requested: string
  /** The profile link's and each generation link's stamp, by file name. */
  links: Record<string, string>
  storeDir: string
  storeStamp: string
  read: ProfileSnapshot
}

/** The stamps a record of `requested` would hold, taken before the profile is read. */
export interface ProfileStamps {
  requested: string
  location: ProfileLocation
  links: Record<string, string> | null
  storeDir: string
  storeStamp: string | null
}

export async function profileStamps(
  requested: string,
  env: NodeJS.ProcessEnv,
): Promise<ProfileStamps | null> {
  let location: ProfileLocation
  try {
    location = await locateProfile(requested)
  } catch {
    return null // the listing says what is wrong
  }
  const storeDir = env.NIX_STORE_DIR || '/nix/store'
  return {
    requested,
    location,
    links: linkStamps(location),
    storeDir,
    storeStamp: pathStamp(storeDir),
  }
}

/**
 * The record of a listing's read, when the stamps taken before it were trustworthy and are still
 * the same after it (nothing changed while it read), and every store path is in the store's folder.
 */
export function recordOf(
  before: ProfileStamps | null,
  read: ProfileSnapshot,
): ProfileRecord | null {
  if (!before?.links || !before.storeStamp) return null
  if (read.location.dir !== before.location.dir || read.location.name !== before.location.name) {
    return null
  }
  if (!sameLinks(linkStamps(before.location), before.links)) return null
  if (pathStamp(before.storeDir) !== before.storeStamp) return null
  if (read.generations.some((g) => dirname(g.storePath) !== before.storeDir)) return null
  const { requested, links, storeDir, storeStamp } = before
  return { requested, links, storeDir, storeStamp, read }
}

/** The profile from the record, when nothing it depends on changed; else null. */
export function profileFromRecord(
  record: ProfileRecord | undefined,
  requested: string,
): ProfileSnapshot | null {
  if (!record || record.requested !== requested) return null
  if (!sameLinks(linkStamps(record.read.location), record.links)) return null
  if (pathStamp(record.storeDir) !== record.storeStamp) {
    for (const g of record.read.generations) {
      if (exists(g.storePath) !== (g.state !== 'dangling')) return null
    }
  }
  const bootedStorePath = readlinkOrNull(defaultBootedSystem)
  const booted = bootedStorePath === null ? null : resolve(bootedStorePath)
  return {
    ...record.read,
    bootedStorePath,
    generations: record.read.generations.map((g) => ({ ...g, booted: g.storePath === booted })),
  }
}

/**
 * The stamp of the profile link and of each generation link, by name; null when one changed within
 * a clock tick (a link made again in that tick could keep its inode and times).
 */
function linkStamps(location: ProfileLocation): Record<string, string> | null {
  let names: string[]
  try {
    names = readdirSync(location.dir)
  } catch {
    return null
  }
  const prefix = `${location.name}-`
  // The folder is absolute and normalized (locateProfile): joined by hand, since path.join
  // normalizes each of hundreds of paths again (a tenth of a warm listing's own work).
  const folder = location.dir.endsWith(sep) ? location.dir : location.dir + sep
  const stamps: Record<string, string> = {}
  for (const name of names) {
    if (name !== location.name && !(name.startsWith(prefix) && name.endsWith('-link'))) continue
    const stamp = trustedStamp(lstatOrNull(folder + name))
    if (stamp === null) return null
    stamps[name] = stamp
  }
  return stamps
}

function sameLinks(now: Record<string, string> | null, then: Record<string, string>): boolean {
  if (!now) return false
  const names = Object.keys(now)
  return names.length === Object.keys(then).length && names.every((n) => now[n] === then[n])
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}
