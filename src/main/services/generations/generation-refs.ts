// Resolves "generation 42" or "/nix/store/…-nixos-system-…" to the system it names, touching only
// the links it needs: a comparison of two generations does not read the whole profile. The
// messages match the full reader's (profile-reader.ts), so the user sees the same wording
// whichever path answered.
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { diffClosures } from '../../../shared/generations/closure-diff'
import type {
  ClosureDiff,
  ClosureEntry,
  ComparedSystem,
  GenerationRef,
} from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'
import {
  generationLinkPath,
  locateProfile,
  noGenerations,
  type ProfileLocation,
} from './profile-reader'

export const storePathPattern = /^\/.+\/[0-9a-df-np-sv-z]{32}-[^/]+$/

const generationLinkPattern = /^(.+)-(\d+)-link$/

/** Every generation link of the profile: number → the store path it points to. */
async function generationTargets(location: ProfileLocation): Promise<Map<number, string>> {
  const entries = await readdir(location.dir, { withFileTypes: true }).catch(() => [])
  const numbers: number[] = []
  for (const entry of entries) {
    const match = generationLinkPattern.exec(entry.name)
    if (match && match[1] === location.name && entry.isSymbolicLink()) {
      numbers.push(Number(match[2]))
    }
  }
  const targets = new Map<number, string>()
  await Promise.all(
    numbers.map(async (number) => {
      const target = await readlink(generationLinkPath(location, number)).catch(() => null)
      if (target !== null) targets.set(number, resolve(location.dir, target))
    }),
  )
  return targets
}

/**
 * Resolves each ref of the profile. A number must be a generation whose store path still
 * exists; a path must lead (through links) to a store path, which may be any system.
 */
export async function resolveGenerationRefs(
  profile: string,
  refs: readonly GenerationRef[],
): Promise<ComparedSystem[]> {
  const location = await locateProfile(profile)
  let all: Promise<Map<number, string>> | null = null
  const targets = async () => {
    all ??= generationTargets(location)
    const found = await all
    if (found.size === 0) throw noGenerations(location.profilePath)
    return found
  }

  const byNumber = async (number: number): Promise<ComparedSystem> => {
    const linkPath = generationLinkPath(location, number)
    const link = await lstat(linkPath).catch(() => null)
    if (!link?.isSymbolicLink()) {
      const known = [...(await targets()).keys()].sort((x, y) => x - y)
      throw new AppError(
        'not-found',
        `The profile ${location.profilePath} has no generation ${number}.`,
        { hint: `Its generations are ${summarizeNumbers(known)}.` },
      )
    }
    const storePath = resolve(location.dir, await readlink(linkPath))
    if (!(await stat(storePath).catch(() => null))) {
      throw unusable(
        number,
        `The store path ${storePath} no longer exists (it was garbage collected).`,
      )
    }
    return { storePath, number }
  }

  const byPath = async (ref: string): Promise<ComparedSystem> => {
    if (/^\d+$/.test(ref)) return byNumber(Number(ref))
    if (!isAbsolute(ref)) {
      throw new AppError(
        'bad-request',
        `"${ref}" is neither a generation number nor a store path.`,
        {
          hint: 'Give a generation number, or a full path such as /nix/store/…-nixos-system-….',
        },
      )
    }
    let storePath: string
    try {
      storePath = await realpath(ref)
    } catch {
      throw new AppError('not-found', `There is nothing at ${ref}.`, {
        hint: 'The store path may have been garbage collected; choose another system.',
      })
    }
    if (!storePathPattern.test(storePath)) {
      throw new AppError('bad-request', `${ref} is not a store path.`, {
        hint: 'Give a path in the nix store, such as /nix/store/…-nixos-system-…, or a generation link.',
      })
    }
    let number: number | null = null
    for (const [n, target] of await targets()) {
      if (target === storePath && (number === null || n > number)) number = n
    }
    return { storePath, number }
  }

  return Promise.all(refs.map((ref) => (typeof ref === 'number' ? byNumber(ref) : byPath(ref))))
}

/** The error for a system whose closure nix cannot read; `reason` is nix's own words. */
export function throwInvalidSystem(storePath: string, reason: string | undefined): never {
  throw new AppError('not-found', `Nix does not know ${storePath} as a valid store path.`, {
    hint: 'The store path may be damaged or registered by another store. Choose another generation.',
    ...(reason !== undefined ? { details: reason } : {}),
  })
}

/** Two systems' closures compared; a package counts as chosen when either system chose it. */
export function diffSystemClosures(
  before: { entries: readonly ClosureEntry[]; selected: readonly string[] },
  after: { entries: readonly ClosureEntry[]; selected: readonly string[] },
): ClosureDiff {
  const selected = new Set([...before.selected, ...after.selected])
  return diffClosures(before.entries, after.entries, selected)
}

/** The error for a generation whose store path is gone. */
export function unusable(number: number, problem: string | null): AppError {
  return new AppError('not-found', `Generation ${number} cannot be used: ${problem}`, {
    hint: 'Its store path is gone; choose another generation, or delete this one.',
  })
}

/** "1-5, 7, 9-12" for a sorted list of numbers. */
export function summarizeNumbers(numbers: readonly number[]): string {
  const ranges: string[] = []
  for (let i = 0; i < numbers.length;) {
    let j = i
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++
    ranges.push(i === j ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`)
    i = j + 1
  }
  return ranges.join(', ') || 'none'
}
