// What the Inputs tree shows and allows per row: which rows are visible under collapsed
// parents, labels for refs, which inputs can be updated or pinned, and how to fold duplicates.
import type { DuplicateGroup, InputRow } from '../../../../shared/lockfile/input-tree'
import type { RefEntry } from './version-choice'

/** Types whose repository has branches, tags and commits to pick from. */
const versionedTypes = new Set(['git', 'github', 'gitlab', 'sourcehut'])

export function parentId(row: Pick<InputRow, 'path'>): string | null {
  return row.path.length > 1 ? row.path.slice(0, -1).join('/') : null
}

/** Rows whose ancestors are all expanded, in tree order. */
export function visibleRows(rows: readonly InputRow[], collapsed: ReadonlySet<string>): InputRow[] {
  if (collapsed.size === 0) return [...rows]
  return rows.filter((row) => {
    for (let i = 1; i < row.path.length; i++) {
      if (collapsed.has(row.path.slice(0, i).join('/'))) return false
    }
    return true
  })
}

/** A follows row has no lock of its own: updating it means updating what it follows. */
export function canUpdate(row: Pick<InputRow, 'follows'>): boolean {
  return row.follows === null
}

export function hasVersions(row: Pick<InputRow, 'type'>): boolean {
  return row.type !== null && versionedTypes.has(row.type)
}

/** Only the flake's own inputs can be pinned (flake.nix has no url for the others). */
export function canPin(row: Pick<InputRow, 'follows' | 'depth' | 'type'>): boolean {
  return row.depth === 0 && row.follows === null && hasVersions(row)
}

/** The branch, tag or commit flake.nix asks for, short: `v1`, `nixos-24.05`, `main @1a2b3c4`. */
export function refLabel(row: Pick<InputRow, 'originalRef' | 'originalRev'>): string {
  const ref = row.originalRef?.replace(/^refs\/(heads|tags)\//, '') ?? ''
  const rev = row.originalRev ? `@${row.originalRev.slice(0, 7)}` : ''
  return [ref, rev].filter(Boolean).join(' ')
}

/** What kind of ref it is, for a tooltip. */
export function refKind(row: Pick<InputRow, 'originalRef' | 'originalRev'>): string {
  if (row.originalRev) return 'a pinned commit'
  if (row.originalRef?.startsWith('refs/tags/')) return 'tag'
  if (row.originalRef) return 'branch or tag'
  return 'the default branch'
}

/** Each duplicate group's position, so its rows share one marker colour. */
export function duplicateIndex(groups: readonly DuplicateGroup[]): Map<string, number> {
  return new Map(groups.map((group, index) => [group.id, index]))
}

const plainAttr = /^[A-Za-z_][A-Za-z0-9_'-]*$/
const attr = (name: string) => (plainAttr.test(name) ? name : JSON.stringify(name))

/** One copy of a duplicated repository made to follow another: `input` follows `target`. */
export interface FollowsProposal {
  input: string
  target: string
  /** The line flake.nix needs, written at its top level. */
  line: string
}

/**
 * What makes every other copy of a duplicated repository follow one copy: the flake's own input
 * when there is one, else the first copy. Nix's own fix for closure bloat.
 */
export function followsProposals(
  group: DuplicateGroup,
  rows: readonly InputRow[],
): FollowsProposal[] {
  const members = group.rowIds
    .map((id) => rows.find((row) => row.id === id))
    .filter((row): row is InputRow => row !== undefined)
  const target = members.find((row) => row.depth === 0) ?? members[0]
  if (!target) return []
  return members
    .filter((row) => row !== target && row.depth > 0)
    .map((row) => ({
      input: row.id,
      target: target.id,
      line: `${row.path.map((name) => `inputs.${attr(name)}`).join('.')}.follows = "${target.id}";`,
    }))
}

/** Tags newest-looking first: `v10` above `v9`, `24.05` above `23.11`. */
export function tagsNewestFirst(tags: readonly RefEntry[]): RefEntry[] {
  return [...tags].sort((a, b) => b.name.localeCompare(a.name, 'en', { numeric: true }))
}
