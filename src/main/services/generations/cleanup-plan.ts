// The clean-up preview: which generations a keep-policy lets go, and what the garbage collection
// after their deletion should free. Pure: the caller hands in the profile as read, the cached
// closures and the pins. A store path counts as freed when a generation that goes reaches it and
// nothing kept does (no kept generation of the profile, no pinned generation of any profile).
// Other GC roots (other profiles, `result` links) are not known here, so the preview can only
// over-count what they still hold; the result then shows nix's own figure beside it.
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupRow,
  GenerationPin,
  KeepReason,
} from '../../../shared/generations/care-types'
import type { ClosureEntry } from '../../../shared/generations/types'
import type { GenerationLink } from './profile-reader'

const dayMs = 24 * 60 * 60 * 1000

export interface PlanInput {
  profilePath: string
  /** Newest first, as the profile reader lists them. */
  generations: readonly GenerationLink[]
  policy: CleanupPolicy
  now: number
  /** Every pin Flakedeck holds (of any profile); this profile's keep their generation. */
  pins: readonly GenerationPin[]
  /** Closure entries by toplevel store path; absent when unknown. */
  closureOf: (storePath: string) => readonly ClosureEntry[] | null
}

/** Why each generation stays, by the policy alone. */
export function keepReasons(
  generation: GenerationLink,
  index: number,
  policy: CleanupPolicy,
  now: number,
  pinned: boolean,
): KeepReason[] {
  const reasons: KeepReason[] = []
  if (generation.current) reasons.push('current')
  if (generation.booted) reasons.push('booted')
  if (pinned) reasons.push('pinned')
  if (policy.keep !== null && index < policy.keep) reasons.push('newest')
  if (policy.keepSinceDays !== null && generation.date >= now - policy.keepSinceDays * dayMs) {
    reasons.push('recent')
  }
  return reasons
}

export function planCleanup(input: PlanInput): CleanupPlan {
  const { generations, policy, now, pins, closureOf } = input
  const pinnedHere = new Map(
    pins.filter((p) => p.profilePath === input.profilePath).map((p) => [p.number, p.storePath]),
  )
  const rows = generations.map((g, index) => {
    const keptBecause = keepReasons(g, index, policy, now, pinnedHere.get(g.number) === g.storePath)
    return { generation: g, keptBecause, goes: keptBecause.length === 0 }
  })

  // Everything a kept generation or a pin reaches stays.
  const live = new Set<string>()
  const keepRoots = new Set<string>(pins.map((p) => p.storePath))
  for (const row of rows) if (!row.goes) keepRoots.add(row.generation.storePath)
  for (const root of keepRoots) {
    for (const entry of closureOf(root) ?? []) live.add(entry.path)
  }

  // What the going generations reach that nothing kept does, and how many of them reach it.
  const reachers = new Map<string, { narSize: number; count: number }>()
  const unknownClosures: number[] = []
  const going = rows.filter((r) => r.goes)
  const closures = new Map<number, readonly ClosureEntry[]>()
  for (const { generation } of going) {
    const closure = generation.state === 'ok' ? closureOf(generation.storePath) : null
    if (!closure) {
      // A dangling generation frees nothing; one nix cannot describe is reported.
      if (generation.state !== 'dangling') unknownClosures.push(generation.number)
      continue
    }
    closures.set(generation.number, closure)
    for (const { path, narSize } of closure) {
      if (live.has(path)) continue
      const seen = reachers.get(path)
      if (seen) seen.count++
      else reachers.set(path, { narSize, count: 1 })
    }
  }
  let freedBytes = 0
  for (const { narSize } of reachers.values()) freedBytes += narSize

  const planRows = rows.map(({ generation, keptBecause, goes }): CleanupRow => {
    const closure = closures.get(generation.number)
    let ownBytes: number | null = null
    if (goes && closure) {
      ownBytes = 0
      for (const { path } of closure) {
        const seen = reachers.get(path)
        if (seen?.count === 1) ownBytes += seen.narSize
      }
    } else if (goes && generation.state === 'dangling') {
      ownBytes = 0
    }
    return {
      number: generation.number,
      storePath: generation.storePath,
      date: generation.date,
      keptBecause,
      goes,
      ownBytes,
    }
  })
  return {
    profilePath: input.profilePath,
    policy: { keep: policy.keep, keepSinceDays: policy.keepSinceDays },
    rows: planRows,
    goes: going.map((r) => r.generation.number).sort((a, b) => a - b),
    freedPaths: reachers.size,
    freedBytes,
    unknownClosures: unknownClosures.sort((a, b) => a - b),
  }
}

/** Reads nix-store's "deleting '/nix/store/…'" lines: one per store path it removed. */
export function countDeletedPaths(chunk: string): number {
  let count = 0
  for (const line of chunk.split('\n')) if (/^deleting '\/.+'$/.test(line.trim())) count++
  return count
}

/** "14d", "2w", "36h" or a bare number of days, as days. */
export function parseKeepSince(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(d|days?|w|weeks?|h|hours?)?$/i.exec(value.trim())
  if (!match) return null
  const amount = Number(match[1])
  const unit = (match[2] ?? 'd').toLowerCase()
  if (unit.startsWith('w')) return amount * 7
  if (unit.startsWith('h')) return amount / 24
  return amount
}
