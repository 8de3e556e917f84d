// Old lock against new, by input name path (labels may be renumbered between the two): which
// inputs moved, appeared, went away or changed what they follow; and the commit message nix's
// --commit-lock-file would write for that.
import { buildInputTree, type InputRow } from './input-tree'
import type { Lockfile } from './parse-lockfile'

export type InputChangeKind = 'updated' | 'added' | 'removed' | 'follows-changed'

export interface LockedSide {
  url: string | null
  rev: string | null
  shortRev: string | null
  /** Seconds since the epoch. */
  lastModified: number | null
  ref: string | null
  follows: string | null
}

export interface InputChange {
  /** Name path joined by `/`. */
  id: string
  path: string[]
  kind: InputChangeKind
  type: string | null
  old: LockedSide | null
  new: LockedSide | null
}

const emptyOptions = { now: 0, staleAfterDays: Number.MAX_SAFE_INTEGER }

function side(row: InputRow, narHash: string | null): LockedSide & { narHash: string | null } {
  return {
    url: row.lockedUrl,
    rev: row.lockedRev,
    shortRev: row.shortRev,
    lastModified: row.lastModified,
    ref: row.originalRef,
    follows: row.follows,
    narHash,
  }
}

function narHashOf(lock: Lockfile, row: InputRow): string | null {
  const value = lock.nodes.get(row.nodeLabel)?.locked?.narHash
  return typeof value === 'string' ? value : null
}

function publicSide(value: LockedSide & { narHash: string | null }): LockedSide {
  const { narHash: _narHash, ...rest } = value
  return rest
}

/** Every input whose lock differs, in tree order (old-only inputs at the end). */
export function diffLocks(oldLock: Lockfile | null, newLock: Lockfile): InputChange[] {
  const oldRows = oldLock ? buildInputTree(oldLock, emptyOptions).rows : []
  const newRows = buildInputTree(newLock, emptyOptions).rows
  const oldById = new Map(oldRows.map((row) => [row.id, row]))
  const newIds = new Set(newRows.map((row) => row.id))
  const changes: InputChange[] = []
  for (const row of newRows) {
    const next = side(row, narHashOf(newLock, row))
    const before = oldById.get(row.id)
    if (!before || !oldLock) {
      changes.push({
        id: row.id,
        path: row.path,
        kind: 'added',
        type: row.type,
        old: null,
        new: publicSide(next),
      })
      continue
    }
    const prev = side(before, narHashOf(oldLock, before))
    let kind: InputChangeKind | null = null
    if (prev.follows !== next.follows) kind = 'follows-changed'
    else if (next.follows === null && (prev.url !== next.url || prev.narHash !== next.narHash)) {
      kind = 'updated'
    }
    if (kind) {
      changes.push({
        id: row.id,
        path: row.path,
        kind,
        type: row.type,
        old: publicSide(prev),
        new: publicSide(next),
      })
    }
  }
  for (const row of oldRows) {
    if (newIds.has(row.id) || !oldLock) continue
    changes.push({
      id: row.id,
      path: row.path,
      kind: 'removed',
      type: row.type,
      old: publicSide(side(row, narHashOf(oldLock, row))),
      new: null,
    })
  }
  return changes
}

/** `2024-05-01`, in UTC like nix prints it. */
export function lockDate(lastModified: number | null): string | null {
  if (lastModified === null) return null
  return new Date(lastModified * 1000).toISOString().slice(0, 10)
}

function describeSide(value: LockedSide): string {
  if (value.follows !== null) return `follows '${value.follows}'`
  const date = lockDate(value.lastModified)
  return `'${value.url ?? '?'}'${date ? ` (${date})` : ''}`
}

/** One bullet per change, worded as nix words them. */
export function describeChanges(changes: readonly InputChange[]): string {
  const lines: string[] = []
  for (const change of changes) {
    if (change.kind === 'added' && change.new) {
      lines.push(`• Added input '${change.id}':`, `    ${describeSide(change.new)}`)
    } else if (change.kind === 'removed') {
      lines.push(`• Removed input '${change.id}'`)
    } else if (change.old && change.new) {
      lines.push(
        `• Updated input '${change.id}':`,
        `    ${describeSide(change.old)}`,
        `  → ${describeSide(change.new)}`,
      )
    }
  }
  return lines.join('\n')
}

/** The commit message for a lock change, in the shape of nix's --commit-lock-file. */
export function lockCommitMessage(
  changes: readonly InputChange[],
  summary = 'flake.lock: Update',
): string {
  if (changes.length === 0) return `${summary}\n`
  return `${summary}\n\nFlake lock file updates:\n\n${describeChanges(changes)}\n`
}
