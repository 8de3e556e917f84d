// The Generations area's view logic, pure so it is tested without a page: which two generations
// are compared by default, the chart's series, which generations a deletion would take, and how
// the configuration revisions of a pair relate. (What the filters leave of a list of package
// changes is in components/change-filter.ts, shared with the Inputs prediction.)
import type {
  DeleteSelection,
  Generation,
  GenerationTimeline,
} from '../../../../shared/generations/types'
import type { RebuildMode } from '../../../../shared/rebuild/types'

/** NixOS's system profile: switching it for real means switch-to-configuration, as root. */
export const nixosSystemProfile = '/nix/var/nix/profiles/system'

export interface Pair {
  from: number
  to: number
}

/** Generations whose store path is there, so they can be compared or switched to. */
export function isUsable(generation: Generation): boolean {
  return generation.state === 'ok'
}

/**
 * The pair compared when the user has not chosen one: the generation before the current one
 * and the current one (or the newest usable, when the current one is not usable). Null with
 * fewer than two usable generations.
 */
export function defaultPair(timeline: GenerationTimeline): Pair | null {
  const usable = timeline.generations.filter(isUsable) // newest first
  if (usable.length < 2) return null
  const to = usable.find((g) => g.current) ?? usable[0]!
  const older = usable.find((g) => g.number < to.number)
  if (older) return { from: older.number, to: to.number }
  // The current one is the oldest: compare it with the one after it.
  const newer = [...usable].reverse().find((g) => g.number > to.number)
  return newer ? { from: to.number, to: newer.number } : null
}

/** Keeps a chosen pair when both generations are still usable, else falls back to the default. */
export function validPair(timeline: GenerationTimeline, chosen: Pair | null): Pair | null {
  if (chosen && chosen.from !== chosen.to) {
    const ok = (n: number) => timeline.generations.some((g) => g.number === n && isUsable(g))
    if (ok(chosen.from) && ok(chosen.to)) return chosen
  }
  return defaultPair(timeline)
}

/** The newest usable generation older than `number`: what "roll back" goes to. */
export function previousGeneration(
  timeline: GenerationTimeline,
  number: number,
): Generation | null {
  return timeline.generations.find((g) => g.number < number && isUsable(g)) ?? null
}

export interface ChartSeries {
  /** Generation numbers, oldest first. */
  numbers: number[]
  /** Closure size in bytes; null where it is not known (a gap in the line). */
  sizes: (number | null)[]
  pathCounts: (number | null)[]
  /** Index of the current generation in the arrays, or -1. */
  currentIndex: number
  /** Pinned generations with their labels, marked on the chart. */
  pins: { number: number; label: string }[]
}

export function chartSeries(timeline: GenerationTimeline): ChartSeries {
  const oldestFirst = [...timeline.generations].reverse()
  return {
    numbers: oldestFirst.map((g) => g.number),
    sizes: oldestFirst.map((g) => g.closureSize),
    pathCounts: oldestFirst.map((g) => g.pathCount),
    currentIndex: oldestFirst.findIndex((g) => g.current),
    pins: oldestFirst.flatMap((g) => (g.pin ? [{ number: g.number, label: g.pin.label }] : [])),
  }
}

/**
 * How a switch works for this profile: `profile` moves the profile link (`nix-env
 * --switch-generation`), which is all a home-manager or user profile needs, and may also activate
 * a system; `nixos` is a NixOS system (rebuilds use nixos-rebuild, or this is the system
 * profile), which a switch always activates, as root.
 */
export function switchMode(
  timeline: GenerationTimeline,
  rebuildMode: RebuildMode | null,
): 'profile' | 'nixos' {
  // A Home Manager profile is the user's, activated by its own script, on NixOS too.
  if (timeline.generations.some((g) => g.homeManagerVersion)) return 'profile'
  return rebuildMode === 'nixos-rebuild' || timeline.profilePath === nixosSystemProfile
    ? 'nixos'
    : 'profile'
}

/** Whether the back-end would refuse to delete this generation. */
export function isProtected(generation: Generation): boolean {
  return generation.current || generation.booted || Boolean(generation.pin)
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * The generations a deletion would remove and the ones it would keep although they match (the
 * current and the booted one), by the back-end's rules.
 */
export function deletionPreview(
  generations: readonly Generation[],
  selection: DeleteSelection,
  now: number,
): { deleted: number[]; kept: number[] } {
  let chosen: Generation[]
  if (selection.kind === 'numbers') {
    const wanted = new Set(selection.numbers)
    chosen = generations.filter((g) => wanted.has(g.number))
  } else if (selection.kind === 'olderThan') {
    const cutoff = now - selection.days * dayMs
    chosen = generations.filter((g) => g.date < cutoff)
  } else {
    chosen = generations.slice(selection.count) // newest first
  }
  const ascending = (a: number, b: number) => a - b
  return {
    deleted: chosen
      .filter((g) => !isProtected(g))
      .map((g) => g.number)
      .sort(ascending),
    kept: chosen
      .filter(isProtected)
      .map((g) => g.number)
      .sort(ascending),
  }
}

const commitPattern = /^[0-9a-f]{7,40}$/

export type RevisionRelation =
  | { kind: 'missing'; which: ('from' | 'to')[] }
  | { kind: 'not-commit'; revision: string }
  | { kind: 'same'; revision: string }
  | { kind: 'different'; from: string; to: string }

/** Whether the config source of two generations can be compared, and between which commits. */
export function revisionRelation(from: string | null, to: string | null): RevisionRelation {
  if (from === null || to === null) {
    const which: ('from' | 'to')[] = []
    if (from === null) which.push('from')
    if (to === null) which.push('to')
    return { kind: 'missing', which }
  }
  for (const revision of [from, to]) {
    if (!commitPattern.test(revision)) return { kind: 'not-commit', revision }
  }
  if (from === to) return { kind: 'same', revision: from }
  return { kind: 'different', from, to }
}

/** Monaco's language for a file of the config repo. */
export { languageFor as languageForPath } from '../../../../shared/file-language'

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** "25 Nov 2026, 14:03" in the user's time zone. */
export function absoluteDate(ms: number): string {
  return dateFormat.format(new Date(ms))
}

/** The part of a store path after the hash: `nixos-system-host-24.05…`. */
export function storeName(storePath: string): string {
  const base = storePath.split('/').pop() ?? storePath
  return /^[0-9a-z]{32}-/.test(base) ? base.slice(33) : base
}

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/**
 * Axis labels for sizes: one unit for the whole axis (by its largest value) and as many
 * decimals as the step between ticks needs, so close ticks never read the same.
 */
export function axisBytes(values: readonly number[], step: number): string[] {
  const largest = Math.max(0, ...values.map((v) => Math.abs(v)))
  let unit = 0
  while (largest >= 1024 ** (unit + 1) && unit < binaryUnits.length - 1) unit++
  const scaledStep = step / 1024 ** unit
  const decimals =
    unit === 0 || scaledStep <= 0 ? 0 : Math.min(3, Math.max(0, Math.ceil(-Math.log10(scaledStep))))
  return values.map((v) => `${(v / 1024 ** unit).toFixed(decimals)} ${binaryUnits[unit]}`)
}

/**
 * A scale's range around its data with some air, centring a flat line instead of letting it
 * sit on the axis; [0, 1] without data.
 */
export function paddedRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [0, 1]
  if (min === max) {
    const air = Math.max(Math.abs(min) * 0.05, 1)
    return [Math.max(0, min - air), max + air]
  }
  const air = (max - min) * 0.15
  return [Math.max(0, min - air), max + air]
}
