// Where an input's history lives: the git repository behind a lock entry (github, gitlab,
// sourcehut and git inputs), for version browsing, pin checks and an update's commit log.
import { AppError } from '../../../shared/app-error'
import { FlakeRefError, gitRemoteUrl } from '../../../shared/lockfile/flake-ref'
import { buildInputTree, type InputRow } from '../../../shared/lockfile/input-tree'
import type { FlakeRefAttrs } from '../../../shared/lockfile/parse-lockfile'
import type { FlakeState } from './flake-state'

/** The git URL of a lock entry; an entry Flakedeck cannot decode is the user's error to see. */
export function remoteOf(attrs: FlakeRefAttrs): string | null {
  try {
    return gitRemoteUrl(attrs)
  } catch (error) {
    if (!(error instanceof FlakeRefError)) throw error
    throw new AppError('bad-request', error.message, {
      hint: 'Correct the url in flake.nix and lock again ("nix flake lock"), or put flake.lock back from git (Undo).',
    })
  }
}

/** The lock's row for input `name` (`home/nixpkgs`) and its git repository. */
export function gitInput(state: FlakeState, name: string): { row: InputRow; remote: string } {
  if (!state.lock) throw new AppError('not-found', `${state.dir} has no flake.lock yet.`)
  const row = buildInputTree(state.lock, { now: 0, staleAfterDays: 1 }).rows.find(
    (r) => r.id === name,
  )
  if (!row) throw new AppError('not-found', `flake.lock has no input "${name}".`)
  const node = state.lock.nodes.get(row.nodeLabel)!
  const attrs = node.original?.type === 'indirect' ? node.locked : (node.original ?? node.locked)
  const remote = attrs ? remoteOf(attrs) : null
  if (!remote) {
    throw new AppError(
      'bad-request',
      `Input "${name}" is a ${row.type ?? 'non-git'} input; it has no branches or tags.`,
      {
        hint: 'Only git, github, gitlab and sourcehut inputs have versions to pick from.',
      },
    )
  }
  return { row, remote }
}

/** A string attribute of the row's `locked` entry (`ref` of a git input), or null. */
export function lockedAttr(state: FlakeState, row: InputRow, key: string): string | null {
  const value = state.lock?.nodes.get(row.nodeLabel)?.locked?.[key]
  return typeof value === 'string' ? value : null
}
