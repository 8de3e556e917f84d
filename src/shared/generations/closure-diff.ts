// What changed between two closures, per package: store paths are grouped by package name (all
// versions and outputs together, as `nix store diff-closures` groups them), then each group's
// versions, paths and sizes are compared. One pass over each closure with Maps and Sets, so a
// pair of 3000-path closures takes a few milliseconds.
import { parseStorePathName } from './store-path-name'
import type { ChangeKind, ClosureDiff, ClosureEntry, PackageChange } from './types'
import { compareVersions, newestVersion, sortVersions } from './version-compare'

interface PackageGroup {
  /** Versions and outputs, each listed once; arrays, as a package rarely has more than two. */
  oldVersions: string[]
  newVersions: string[]
  outputs: string[]
  oldSize: number
  newSize: number
  oldPathCount: number
  newPathCount: number
  /** Paths on one side only; both zero means the package is untouched. */
  onlyOld: number
  onlyNew: number
  selected: boolean
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value)
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
  // The after side's paths, and which entries are their first mention (a closure lists each
  // path once, but a caller may not).
  const afterPaths = new Set<string>()
  const firstAfter = new Uint8Array(after.length)
  after.forEach(({ path }, i) => {
    if (afterPaths.has(path)) return
    afterPaths.add(path)
    firstAfter[i] = 1
  })

  const groups = new Map<string, PackageGroup>()
  const groupFor = (name: string): PackageGroup => {
    let group = groups.get(name)
    if (!group) {
      group = {
        oldVersions: [],
        newVersions: [],
        outputs: [],
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
  const beforePaths = new Set<string>()
  /** Paths on both sides, parsed once: their group and version. */
  const shared = new Map<string, { group: PackageGroup; version: string }>()
  for (const { path, narSize } of before) {
    if (beforePaths.has(path)) continue
    beforePaths.add(path)
    const parsed = parseStorePathName(path)
    const group = groupFor(parsed.name)
    addOnce(group.oldVersions, parsed.version)
    addOnce(group.outputs, parsed.output)
    group.oldSize += narSize
    group.oldPathCount++
    if (afterPaths.has(path)) shared.set(path, { group, version: parsed.version })
    else group.onlyOld++
    if (selectedPaths.has(path)) group.selected = true
    oldSize += narSize
  }

  let newSize = 0
  for (let i = 0; i < after.length; i++) {
    if (firstAfter[i] === 0) continue
    const { path, narSize } = after[i]!
    const known = shared.get(path)
    let group: PackageGroup
    if (known) {
      group = known.group
      addOnce(group.newVersions, known.version)
    } else {
      const parsed = parseStorePathName(path)
      group = groupFor(parsed.name)
      addOnce(group.newVersions, parsed.version)
      addOnce(group.outputs, parsed.output)
      group.onlyNew++
    }
    group.newSize += narSize
    group.newPathCount++
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
      outputs: group.outputs.sort(),
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
      oldPathCount: beforePaths.size,
      newPathCount: afterPaths.size,
      pathCountDelta: afterPaths.size - beforePaths.size,
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

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value))
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
