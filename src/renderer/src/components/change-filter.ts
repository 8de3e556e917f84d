// What the filters of a list of package changes leave of it: the Generations comparison and the
// Inputs prediction show the same list with the same filters. Pure, so it is tested without a page.
import type { ChangeKind, PackageChange } from '../../../shared/generations/types'

export const changeKinds: readonly ChangeKind[] = [
  'upgraded',
  'downgraded',
  'added',
  'removed',
  'changed',
]

export const kindLabels: Record<ChangeKind, string> = {
  upgraded: 'Upgraded',
  downgraded: 'Downgraded',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
}

export type SortOrder = 'name' | 'size'

export interface ChangeFilter {
  /** Kinds shown; empty shows every kind. */
  kinds: ReadonlySet<ChangeKind>
  selectedOnly: boolean
  query: string
  sort: SortOrder
  /**
   * Hide same-version rebuilds ("changed": same version, other store path), as nvd does: a
   * nixpkgs bump rebuilds hundreds of them and buries the upgrades. Asking for the "changed"
   * kind shows them anyway.
   */
  hideSameVersion?: boolean
}

export const emptyFilter: ChangeFilter = {
  kinds: new Set(),
  selectedOnly: false,
  query: '',
  sort: 'name',
}

/**
 * What the filters leave of a comparison. The query matches the package name or any of its
 * versions, case-insensitively; words must all match. Sorting by size puts the largest change
 * (grown or shrunk) first. The input is never modified.
 */
export function filterChanges(
  changes: readonly PackageChange[],
  filter: ChangeFilter,
): PackageChange[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean)
  const shown = changes.filter((change) => {
    if (filter.kinds.size > 0 && !filter.kinds.has(change.kind)) return false
    if (filter.hideSameVersion && change.kind === 'changed' && !filter.kinds.has('changed'))
      return false
    if (filter.selectedOnly && !change.selected) return false
    if (words.length === 0) return true
    const text = [change.name, ...change.oldVersions, ...change.newVersions].join(' ').toLowerCase()
    return words.every((word) => text.includes(word))
  })
  if (filter.sort === 'size') {
    shown.sort(
      (a, b) => Math.abs(b.sizeDelta) - Math.abs(a.sizeDelta) || (a.name < b.name ? -1 : 1),
    )
  }
  return shown
}

/** How many changes of each kind, and how many of them the user chose. */
export interface ChangeCounts {
  byKind: Record<ChangeKind, number>
  selected: number
}

export function kindCounts(changes: readonly PackageChange[]): ChangeCounts {
  const byKind: Record<ChangeKind, number> = {
    upgraded: 0,
    downgraded: 0,
    added: 0,
    removed: 0,
    changed: 0,
  }
  let selected = 0
  for (const change of changes) {
    byKind[change.kind]++
    if (change.selected) selected++
  }
  return { byKind, selected }
}

/** How many same-version rebuilds the filter hides (0 when it shows them). */
export function hiddenSameVersion(filter: ChangeFilter, counts: ChangeCounts): number {
  return filter.hideSameVersion && !filter.kinds.has('changed') ? counts.byKind.changed : 0
}
