// The profiles the Generations area offers: the NixOS system profile, the user's Home Manager
// profile when there is one (`$XDG_STATE_HOME/nix/profiles/home-manager`, by default under
// ~/.local/state, or the older `/nix/var/nix/profiles/per-user/$USER/home-manager`), and the
// ones the user added. Found from the file system alone: a profile counts when generation links
// of its name sit beside it.
import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { KnownProfile, ProfileKind } from '../../../shared/generations/care-types'
import { AppError } from '../../../shared/app-error'
import { defaultSystemProfile, locateProfile } from './profile-reader'

export interface DiscoveryOptions {
  home: string
  user: string
  /** $XDG_STATE_HOME, when set. */
  stateHome?: string | undefined
  /** The system profile; /nix/var/nix/profiles/system unless a test says otherwise. */
  systemProfile?: string
  /** Where per-user profiles live on older installs. */
  perUserDir?: string
  /** Profiles the user added (the extraProfiles setting). */
  added: readonly string[]
  /** The profile the area shows: listed even when nothing else names it. */
  viewed: string
}

/** Where Home Manager keeps its profile, newest convention first. */
export function homeManagerCandidates(options: DiscoveryOptions): string[] {
  const state = options.stateHome || join(options.home, '.local', 'state')
  return [
    join(state, 'nix', 'profiles', 'home-manager'),
    join(options.perUserDir ?? '/nix/var/nix/profiles/per-user', options.user, 'home-manager'),
  ]
}

export async function discoverProfiles(options: DiscoveryOptions): Promise<KnownProfile[]> {
  const found: KnownProfile[] = []
  const seen = new Set<string>()
  const add = async (path: string, kind: ProfileKind, label: string, always: boolean) => {
    const described = await describeProfile(path, kind, label)
    if (seen.has(described.path) || (!always && described.generationCount === 0)) return
    seen.add(described.path)
    found.push(described)
  }
  const system = options.systemProfile ?? defaultSystemProfile
  await add(system, 'system', 'System', options.viewed === system)
  for (const candidate of homeManagerCandidates(options)) {
    // The first Home Manager profile that has generations is the user's.
    if (found.some((p) => p.kind === 'home-manager')) break
    await add(candidate, 'home-manager', 'Home Manager', false)
  }
  for (const path of options.added) await add(path, 'added', basename(path), true)
  if (!seen.has(resolve(options.viewed))) {
    await add(options.viewed, 'added', basename(options.viewed), true)
  }
  return found
}

/** The profile link with its generation count; a problem instead when it cannot be read. */
async function describeProfile(
  path: string,
  kind: ProfileKind,
  label: string,
): Promise<KnownProfile> {
  try {
    const location = await locateProfile(path)
    const pattern = new RegExp(`^${escapeRegExp(location.name)}-(\\d+)-link$`)
    const entries = await readdir(location.dir, { withFileTypes: true }).catch(() => [] as Dirent[])
    const generationCount = entries.filter((e) => e.isSymbolicLink() && pattern.test(e.name)).length
    return {
      path: location.profilePath,
      kind,
      label: kind === 'added' ? location.name : label,
      generationCount,
      problem: generationCount === 0 ? `${location.profilePath} has no generations.` : null,
    }
  } catch (error) {
    return {
      path: resolve(path),
      kind,
      label,
      generationCount: 0,
      problem: error instanceof AppError ? error.message : String(error),
    }
  }
}

/**
 * Checks a profile the user wants to add: it must be a profile with generations. Returns its
 * profile link (a folder of profiles names its profile, as everywhere else).
 */
export async function checkAddedProfile(path: string): Promise<string> {
  const location = await locateProfile(path)
  const described = await describeProfile(location.profilePath, 'added', location.name)
  if (described.generationCount === 0) {
    throw new AppError('not-found', `The profile ${location.profilePath} has no generations.`, {
      hint: 'Give a profile nix-env or home-manager has written, e.g. ~/.local/state/nix/profiles/profile.',
    })
  }
  return location.profilePath
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
