import type { GitFileStatus } from '../../../../shared/contract'

/**
 * Whether the last commit lacks the file (added, untracked, or a rename's new name): discarding
 * its changes deletes it.
 */
export const isNewFile = (change: GitFileStatus) =>
  change.kind === 'added' || change.kind === 'untracked' || change.kind === 'renamed'
