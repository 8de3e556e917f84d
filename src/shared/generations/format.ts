// How Generations' numbers read, in the app and in the `flakedeck` command alike: sizes in
// binary units (KiB, MiB, GiB, as nix prints them), signed deltas, and version lists.
import type { Generation, PackageChange } from './types'

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/** "512 B", "3.4 KiB", "812.0 MiB", "1.23 GiB". */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(unit >= 3 ? 2 : 1)
  return `${bytes < 0 ? '-' : ''}${text} ${units[unit]}`
}

/** "+3.4 KiB", "-1.2 MiB", "0 B". */
export function formatBytesDelta(bytes: number): string {
  if (bytes === 0) return '0 B'
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes)
}

/** "+5", "-12", "0", with thousands separators. */
export function formatCountDelta(count: number): string {
  const text = formatCount(Math.abs(count))
  return count > 0 ? `+${text}` : count < 0 ? `-${text}` : '0'
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** A version list for people: "1.0, 1.1"; a path without a version reads "–"; none reads "∅". */
export function formatVersions(versions: readonly string[]): string {
  if (versions.length === 0) return '∅'
  return versions.map((v) => (v === '' ? '–' : v)).join(', ')
}

/**
 * A change's versions as one line: "1.0 → 2.0" when they moved, the versions alone when a
 * package was added, removed, or rebuilt at the same versions.
 */
export function describeVersions(change: PackageChange): string {
  switch (change.kind) {
    case 'added':
      return formatVersions(change.newVersions)
    case 'removed':
      return formatVersions(change.oldVersions)
    case 'changed':
      if (sameList(change.oldVersions, change.newVersions))
        return formatVersions(change.newVersions)
      return `${formatVersions(change.oldVersions)} → ${formatVersions(change.newVersions)}`
    default:
      return `${formatVersions(change.oldVersions)} → ${formatVersions(change.newVersions)}`
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** A short git revision for display: the first 12 characters of a full hash. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{13,}$/.test(revision) ? revision.slice(0, 12) : revision
}

/** The commit a generation was built from, as recorded by the system or by Flakedeck's run. */
export function generationRevision(
  g: Pick<Generation, 'configurationRevision' | 'builtBy'>,
): string | null {
  return g.configurationRevision ?? g.builtBy?.gitCommit ?? null
}
