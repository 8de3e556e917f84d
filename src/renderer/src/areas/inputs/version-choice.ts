// A version picked in the version picker, and the pin it asks the core for.
import type { PinTarget } from '../../../../shared/lockfile/flake-ref'
import type { CommitEntry, VersionChoices } from '../../../../shared/lockfile/schemas'

export type RefEntry = VersionChoices['branches'][number]

export type VersionChoice =
  | { kind: 'branch'; name: string; rev: string }
  | { kind: 'tag'; name: string; rev: string }
  | { kind: 'commit'; commit: CommitEntry; branch: string | null }

/** A stable key for a choice (radio values, test ids). */
export function choiceKey(choice: VersionChoice): string {
  return choice.kind === 'commit' ? `commit:${choice.commit.rev}` : `${choice.kind}:${choice.name}`
}

export function choiceRev(choice: VersionChoice): string {
  return choice.kind === 'commit' ? choice.commit.rev : choice.rev
}

export function pinTarget(choice: VersionChoice): PinTarget {
  switch (choice.kind) {
    case 'branch':
      return { kind: 'branch', name: choice.name }
    case 'tag':
      return { kind: 'tag', name: choice.name }
    case 'commit':
      return choice.branch
        ? { kind: 'commit', rev: choice.commit.rev, branch: choice.branch }
        : { kind: 'commit', rev: choice.commit.rev }
  }
}

/** "branch stable", "tag v2", "commit 1a2b3c4". */
export function pinTargetLabel(target: PinTarget): string {
  switch (target.kind) {
    case 'branch':
      return `branch ${target.name}`
    case 'tag':
      return `tag ${target.name}`
    case 'commit':
      return `commit ${target.rev.slice(0, 7)}`
  }
}

/** Case-insensitive match on names, revisions and commit subjects. */
export function matchesFilter(choice: VersionChoice, filter: string): boolean {
  const needle = filter.trim().toLowerCase()
  if (!needle) return true
  const haystack =
    choice.kind === 'commit'
      ? `${choice.commit.rev} ${choice.commit.subject} ${choice.commit.author}`
      : `${choice.name} ${choice.rev}`
  return haystack.toLowerCase().includes(needle)
}
