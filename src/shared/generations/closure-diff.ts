// What changed between two closures, per package: store paths are grouped by package name (all
// versions and outputs together, as `nix store diff-closures` groups them), then each group's
// versions, paths and sizes are compared. One pass over each closure with Maps and Sets, so a
// pair of 3000-path closures takes a few milliseconds.
import { parseStorePathName } from './store-path-name'
import type { ChangeKind, ClosureDiff, ClosureEntry, PackageChange } from './types'
import { compareVersions, newestVersion, sortVersions } from './version-compare'

interface PackageGroup {
  oldVersions: Set<string>
  newVersions: Set<string>
  outputs: Set<string>
  oldSize: number
  newSize: number
  oldPathCount: number
  newPathCount: number
  /** Paths on one side only; both zero means the package is untouched. */
  onlyOld: number
  onlyNew: number
  selected: boolean
}

/**
 * Compares two closures. `selectedPaths` are the store paths the user chose (the references of
 * the system's `sw`, from either side); a package is marked selected when any of its paths is.
 */
export function diffClosures(
  before: readonly ClosureEntry[],
  after: readonly ClosureEntry[],
  selectedPaths: ReadonlySet<string> = new Set(),
): ClosureDiff {
  const beforePaths = new Set<string>()
  for (const entry of before) beforePaths.add(entry.path)
  const afterPaths = new Set<string>()
  for (const entry of after) afterPaths.add(entry.path)

  const groups = new Map<string, PackageGroup>()
  const groupFor = (name: string): PackageGroup => {
    let group = groups.get(name)
    if (!group) {
      group = {
        oldVersions: new Set(),
        newVersions: new Set(),
        outputs: new Set(),
        oldSize: 0,
        newSize: 0,
        oldPathCount: 0,
        newPathCount: 0,
        onlyOld: 0,
        onlyNew: 0,
        selected: false,
      }
      groups.set(name, group)
    }
    return group
  }

  let oldSize = 0
  const seenOld = new Set<string>()
  for (const { path, narSize } of before) {
    if (seenOld.has(path)) continue
    seenOld.add(path)
    const parsed = parseStorePathName(path)
    const group = groupFor(parsed.name)
    group.oldVersions.add(parsed.version)
    group.outputs.add(parsed.output)
    group.oldSize += narSize
    group.oldPathCount++
    if (!afterPaths.has(path)) group.onlyOld++
    if (selectedPaths.has(path)) group.selected = true
    oldSize += narSize
  }

  let newSize = 0
  const seenNew = new Set<string>()
  for (const { path, narSize } of after) {
    if (seenNew.has(path)) continue
    seenNew.add(path)
    const parsed = parseStorePathName(path)
    const group = groupFor(parsed.name)
    group.newVersions.add(parsed.version)
    group.outputs.add(parsed.output)
    group.newSize += narSize
    group.newPathCount++
    if (!beforePaths.has(path)) group.onlyNew++
    if (selectedPaths.has(path)) group.selected = true
    newSize += narSize
  }

  const counts: Record<ChangeKind, number> = {
    added: 0,
    removed: 0,
    upgraded: 0,
    downgraded: 0,
    changed: 0,
  }
  const changes: PackageChange[] = []
  for (const [name, group] of groups) {
    if (group.onlyOld === 0 && group.onlyNew === 0) continue
    const kind = changeKind(group)
    counts[kind]++
    changes.push({
      name,
      kind,
      oldVersions: sortVersions(group.oldVersions),
      newVersions: sortVersions(group.newVersions),
      outputs: [...group.outputs].sort(),
      oldSize: group.oldSize,
      newSize: group.newSize,
      sizeDelta: group.newSize - group.oldSize,
      oldPathCount: group.oldPathCount,
      newPathCount: group.newPathCount,
      selected: group.selected,
    })
  }
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  return {
    changes,
    totals: {
      oldSize,
      newSize,
      sizeDelta: newSize - oldSize,
      oldPathCount: seenOld.size,
      newPathCount: seenNew.size,
      pathCountDelta: seenNew.size - seenOld.size,
      counts,
    },
  }
}

/**
 * Added or removed when a side has none of it; otherwise the newest version on each side
 * decides, and equal newest versions (a rebuild, or an extra version dropped) read as changed.
 */
function changeKind(group: PackageGroup): ChangeKind {
  if (group.oldPathCount === 0) return 'added'
  if (group.newPathCount === 0) return 'removed'
  // The common case, a rebuild at the same versions, needs no version comparison.
  if (sameSet(group.oldVersions, group.newVersions)) return 'changed'
  const oldNewest = newestVersion(group.oldVersions) ?? ''
  const newNewest = newestVersion(group.newVersions) ?? ''
  const order = compareVersions(newNewest, oldNewest)
  return order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'changed'
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false
  for (const value of a) if (!b.has(value)) return false
  return true
}

/** Versions on one side only, the way `nix store diff-closures` lists them. */
export function versionChange(change: PackageChange): { removed: string[]; added: string[] } {
  const oldSet = new Set(change.oldVersions)
  const newSet = new Set(change.newVersions)
  return {
    removed: change.oldVersions.filter((v) => !newSet.has(v)),
    added: change.newVersions.filter((v) => !oldSet.has(v)),
  }
}
