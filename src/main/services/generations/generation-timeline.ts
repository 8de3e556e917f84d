// A profile's timeline: the generations as the file system shows them, each with its closure's
// size from the cache (the missing closures fetched together first), its pin, and the pins
// whose generation is gone. Without nix the timeline still shows, from the file system and
// whatever is cached. Shared by the service and the `flakedeck generations` command, which
// builds only these parts.
import type { GenerationPin } from '../../../shared/generations/care-types'
import type { Generation, GenerationTimeline } from '../../../shared/generations/types'
import type { AppErrorData } from '../../../shared/errors'
import { AppError } from '../../../shared/app-error'
import type { ClosureCache } from './closure-cache'
import type { ProfileSnapshot } from './profile-reader'

/** What a listing reads from. */
export interface TimelineSources {
  read(profile: string): Promise<ProfileSnapshot>
  cache: Pick<ClosureCache, 'ensure' | 'summaries'>
  pins: { list(profilePath: string): GenerationPin[] }
}

/**
 * Every generation of the profile, newest first, with closure sizes. Closures already cached
 * cost no nix call; the missing ones are fetched together and written after the answer.
 * Dangling and invalid generations stay in the list with their state and problem.
 */
export async function listTimeline(
  sources: TimelineSources,
  profile: string,
  options: { signal?: AbortSignal } = {},
): Promise<GenerationTimeline> {
  const snapshot = await sources.read(profile)
  const readable = snapshot.generations.filter((g) => g.state === 'ok').map((g) => g.storePath)
  let invalid = new Map<string, string>()
  let closureProblem: AppErrorData | null = null
  try {
    invalid = (await sources.cache.ensure(readable, { ...options, deferWrite: true })).invalid
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'cancelled') throw error
    closureProblem = error.toData()
  }
  const summaries = sources.cache.summaries(readable)
  const pins = new Map(sources.pins.list(snapshot.location.profilePath).map((p) => [p.number, p]))
  const generations = snapshot.generations.map((link): Generation => {
    const { swPath: _swPath, ...rest } = link
    const summary = summaries.get(link.storePath)
    const problem = invalid.get(link.storePath)
    const pin = pins.get(link.number)
    return {
      ...rest,
      ...(problem !== undefined && link.state === 'ok' ? { state: 'invalid', problem } : {}),
      closureSize: summary?.closureSize ?? null,
      pathCount: summary?.pathCount ?? null,
      // A pin made for a generation number since deleted and reused does not carry over.
      pin:
        pin && pin.storePath === link.storePath
          ? { label: pin.label, pinnedAt: pin.pinnedAt }
          : null,
    }
  })
  const shown = new Set(generations.filter((g) => g.pin).map((g) => g.number))
  const orphanPins = [...pins.values()]
    .filter((p) => !shown.has(p.number))
    .map(({ number, storePath, label, pinnedAt }) => ({ number, storePath, label, pinnedAt }))
  return {
    profilePath: snapshot.location.profilePath,
    currentNumber: snapshot.currentNumber,
    bootedStorePath: snapshot.bootedStorePath,
    generations,
    closureProblem,
    orphanPins,
  }
}
