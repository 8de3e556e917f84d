// Words for a lock change: what a spec asks for, how far an input moves, and its commit log.
import { followsText } from '../../../../shared/lockfile/input-tree'
import { lockDate } from '../../../../shared/lockfile/lock-diff'
import type { CommitRange, RevisionChange, UpdateSpec } from '../../../../shared/lockfile/schemas'
import { plural } from '../../../../shared/plural'
import { pinTargetLabel } from './version-choice'

/**
 * "Update nixpkgs", "Update 2 inputs", "Update all inputs", "Pin nixpkgs to tag v2",
 * "Make home-manager/nixpkgs follow nixpkgs".
 */
export function specTitle(spec: UpdateSpec): string {
  switch (spec.kind) {
    case 'update':
      return spec.names.length === 1
        ? `Update ${spec.names[0]}`
        : `Update ${spec.names.length} inputs`
    case 'update-all':
      return 'Update all inputs'
    case 'pin':
      return `Pin ${spec.name} to ${pinTargetLabel(spec.target)}`
    case 'follows':
      return `Make ${spec.input} follow ${spec.target}`
  }
}

/** How the new revision relates to the old, in one phrase. */
export function logSummary(log: CommitRange): string {
  switch (log.direction) {
    case 'same':
      return 'same revision'
    case 'forward':
      return `${plural(log.count, 'new commit')}`
    case 'backward':
      return `goes back ${plural(log.count, 'commit')}`
    case 'diverged':
      return `${plural(log.count, 'commit')} on another line of history`
  }
}

/** The heading of a log list: newest first, and what is left out. */
export function logHeading(log: CommitRange): string {
  const what =
    log.direction === 'backward' ? 'Commits that would be dropped' : 'Commits this brings in'
  return `${what} (${log.count}, newest first)`
}

/** "and 12 more" under a capped log, or null. */
export function moreText(log: CommitRange): string | null {
  return log.more > 0 ? `and ${log.more} more` : null
}

/** Days from the old locked date to the new; negative when going back. */
export function daysMoved(change: Pick<RevisionChange, 'old' | 'new'>): number | null {
  const before = change.old?.lastModified
  const after = change.new?.lastModified
  if (before == null || after == null) return null
  return Math.round((after - before) / 86_400)
}

/** `1a2b3c4 (2024-03-01)`; the url when there is no revision (tarballs, paths). */
export function sideText(side: RevisionChange['old']): string {
  if (!side) return '—'
  if (side.follows !== null) return `follows ${followsText(side.follows)}`
  const date = lockDate(side.lastModified)
  const what = side.shortRev ?? side.url ?? '?'
  return date ? `${what} (${date})` : what
}

export const changeKindLabel: Record<RevisionChange['kind'], string> = {
  updated: 'updated',
  added: 'added',
  removed: 'removed',
  'follows-changed': 'follows changed',
}
