// The comparison of two predicted systems, by the Generations comparison's own code: the system
// side compares the predicted runtime closures' output paths, exactly as two built systems'
// closures are compared; the build side compares the remaining derivations by name.
import { diffClosures } from '../generations/closure-diff'
import { parseStorePathName } from '../generations/store-path-name'
import type { ClosureDiff, ClosureEntry, PackageChange } from '../generations/types'
import type { DerivationGraph } from './derivation-graph'
import type { RuntimeClosure } from './runtime-closure'
import type { PredictedChange, PredictedDiff } from './types'

/**
 * Packages whose change takes effect only after a reboot, in the order they are named: the
 * kernel (and its modules, `kernel-modules`) first, then its initrd, systemd and the init. The
 * kernel's headers only build things: no reboot.
 */
const rebootGroups = [
  /^linux$/,
  /^(kernel|linux-(?!headers$).+)$/,
  /^initrd(-.+)?$/,
  /^systemd(-minimal)?$/,
  /^nixos-init$/,
]

/** Where a package comes among the reboot-bound ones; -1: none of them. */
function rebootRank(name: string): number {
  return rebootGroups.findIndex((group) => group.test(name))
}

export interface PredictedSide {
  graph: DerivationGraph
  closure: RuntimeClosure
}

function entries(closure: RuntimeClosure, sizes: ReadonlyMap<string, number>): ClosureEntry[] {
  return [...closure.paths.keys()].map((path) => ({ path, narSize: sizes.get(path) ?? 0 }))
}

/** A change with how sure it is; built field by field (a spread of thousands costs more). */
function predicted(
  c: PackageChange,
  sure: boolean,
  reboot = rebootRank(c.name) >= 0,
): PredictedChange {
  return {
    name: c.name,
    kind: c.kind,
    oldVersions: c.oldVersions,
    newVersions: c.newVersions,
    outputs: c.outputs,
    oldSize: c.oldSize,
    newSize: c.newSize,
    sizeDelta: c.sizeDelta,
    oldPathCount: c.oldPathCount,
    newPathCount: c.newPathCount,
    selected: c.selected,
    sure,
    reboot,
  }
}

/** The system's changes, each marked sure or not and reboot or not; reboot ones first. */
export function diffSystems(
  before: RuntimeClosure,
  after: RuntimeClosure,
  sizes: ReadonlyMap<string, number>,
): PredictedDiff {
  const selected = new Set(before.selected)
  for (const path of after.selected) selected.add(path)
  const diff = diffClosures(entries(before, sizes), entries(after, sizes), selected)
  // A package is unsure when one of its paths on one side only was reached by a guess. Names
  // are read once per name after the hash: a package rebuilt at the same version has two paths
  // with one name, and an update rebuilds thousands of them.
  const unsure = new Set<string>()
  const seen = new Set<string>()
  const mark = (side: RuntimeClosure, other: RuntimeClosure) => {
    for (const [path, { sure }] of side.paths) {
      if (sure || other.paths.has(path)) continue
      const fullName = path.slice(path.lastIndexOf('/') + 34)
      if (seen.has(fullName)) continue
      seen.add(fullName)
      unsure.add(parseStorePathName(path).name)
    }
  }
  mark(before, after)
  mark(after, before)
  // Reboot ones first, the rest in the comparison's order (no sort of the thousands).
  const reboot: PredictedChange[] = []
  const rest: PredictedChange[] = []
  for (const change of diff.changes) {
    const one = predicted(change, !unsure.has(change.name))
    if (one.reboot) reboot.push(one)
    else rest.push(one)
  }
  // The few reboot-bound ones by rank (a stable sort: by name within one).
  reboot.sort((a, b) => rebootRank(a.name) - rebootRank(b.name))
  return { changes: reboot.length > 0 ? reboot.concat(rest) : rest, totals: diff.totals }
}

/** A derivation as a closure entry named like its outputs: `…-gcc-13.2.drv` → `…-gcc-13.2`. */
function drvEntry(drvPath: string): ClosureEntry {
  return { path: drvPath.endsWith('.drv') ? drvPath.slice(0, -4) : drvPath, narSize: 0 }
}

/** Derivations outside the system on both sides: what only builds it. */
export function diffBuildOnly(before: PredictedSide, after: PredictedSide): PredictedDiff {
  const outside = (side: PredictedSide) =>
    [...side.graph.keys()].filter((drv) => !side.closure.systemDrvs.has(drv))
  const inSystem = new Set([...before.closure.systemDrvs, ...after.closure.systemDrvs])
  const keep = (drvs: string[]) => drvs.filter((drv) => !inSystem.has(drv)).map(drvEntry)
  const diff: ClosureDiff = diffClosures(keep(outside(before)), keep(outside(after)))
  return {
    changes: diff.changes.map((change) => predicted(change, true, false)),
    totals: diff.totals,
  }
}

/** No build-side comparison: one side has no derivation to compare (a built system only). */
export function noBuildOnlyDiff(): PredictedDiff {
  return { changes: [], totals: diffClosures([], []).totals }
}
