// What a change may ask nix to do, checked before nix runs: the inputs named exist in the lock
// (or are declared in flake.nix and not locked yet) and have a lock of their own, and a pin's
// branch or tag exists upstream, turned into the url nix overrides with and the flake.nix edit
// that records it.
import { AppError } from '../../../shared/app-error'
import { FlakeRefError, pinnedRefUrl, type PinTarget } from '../../../shared/lockfile/flake-ref'
import { buildInputTree } from '../../../shared/lockfile/input-tree'
import type { FlakeRefAttrs } from '../../../shared/lockfile/parse-lockfile'
import { findInputNode } from '../../../shared/lockfile/resolve-follows'
import type { NixService } from '../nix'
import { setInputUrl } from './flake-nix-edit'
import { addInputFollows } from './flake-nix-follows'
import { declaredInputs, type FlakeState } from './flake-state'
import type { GitCache } from './git-cache'
import { remoteOf } from './input-remote'

export interface PinPlan {
  /** The flake reference nix overrides the input with. */
  url: string
  /** flake.nix with the input's url set to `url`, or why it cannot be edited. */
  edit: ReturnType<typeof setInputUrl>
}

export interface FollowsPlan {
  /** flake.nix with the follows added. */
  text: string
  /** The line added, as written at the top of flake.nix. */
  line: string
}

export class ChangePlanner {
  constructor(
    private readonly nix: NixService,
    private readonly cache: GitCache,
  ) {}

  /** Refuses names the lock does not have, follows, or that flake.nix no longer declares. */
  async checkInputs(state: FlakeState, names: readonly string[], verb: string): Promise<void> {
    if (!state.lock) {
      throw new AppError('not-found', `${state.dir} has no flake.lock yet.`, {
        hint: 'Lock the flake once first ("nix flake lock").',
      })
    }
    if (names.length === 0) {
      throw new AppError('bad-request', `Choose at least one input to ${verb}.`)
    }
    const tree = buildInputTree(state.lock, { now: 0, staleAfterDays: 1 })
    const declared = await declaredInputs(this.nix, state)
    for (const name of names) {
      const row = tree.rows.find((r) => r.id === name)
      const topLevel = name.split('/')[0] ?? name
      if (declared.names && !declared.names.includes(topLevel)) {
        throw new AppError('not-found', `Input "${topLevel}" is no longer in flake.nix.`, {
          hint: row
            ? 'flake.lock still lists it; lock the flake ("nix flake lock") to drop it, or add it back to flake.nix.'
            : 'Check the name, or add the input to flake.nix first.',
        })
      }
      // Declared in flake.nix but not locked yet: updating it locks it (nix adds it).
      if (!row && declared.names && name === topLevel) continue
      if (!row) {
        throw new AppError('not-found', `flake.lock has no input "${name}".`, {
          hint: 'Lock the flake ("nix flake lock") so new inputs of flake.nix are added, then try again.',
        })
      }
      if (row.follows === '') {
        throw new AppError(
          'bad-request',
          `Input "${name}" follows the root flake; it has no lock of its own.`,
          {
            hint: 'It stands for this flake itself (follows = "" in flake.nix): there is nothing to update.',
          },
        )
      }
      if (row.follows !== null) {
        throw new AppError(
          'bad-request',
          `Input "${name}" follows "${row.follows}"; it has no lock of its own.`,
          {
            hint: `Update "${row.follows}" instead.`,
          },
        )
      }
    }
  }

  /** The url a pin of top-level input `name` to `target` locks, and its flake.nix edit. */
  async planPin(state: FlakeState, name: string, target: PinTarget): Promise<PinPlan> {
    if (name.includes('/')) {
      throw new AppError(
        'bad-request',
        `Only the flake's own inputs can be pinned, not "${name}".`,
        {
          hint: `Make it follow one of your inputs in flake.nix, and pin that one.`,
        },
      )
    }
    await this.checkInputs(state, [name], 'pin')
    const node = findInputNode(state.lock!, [name])!
    const original = node.original ?? node.locked!
    const resolved = await this.resolvePinTarget(original, target)
    let url: string
    try {
      url = pinnedRefUrl(original, resolved)
    } catch (error) {
      if (error instanceof FlakeRefError) throw new AppError('bad-request', error.message)
      throw error
    }
    return { url, edit: setInputUrl(state.flakeNixText, name, url) }
  }

  /**
   * The flake.nix edit that makes `input` (an input of one of the flake's inputs) follow
   * `target`, checked against the lock; refused, with the line to add by hand, when flake.nix
   * cannot be edited safely.
   */
  async planFollows(state: FlakeState, input: string, target: string): Promise<FollowsPlan> {
    if (!state.lock) {
      throw new AppError('not-found', `${state.dir} has no flake.lock yet.`, {
        hint: 'Lock the flake once first ("nix flake lock").',
      })
    }
    const path = input.split('/')
    if (path.length < 2) {
      throw new AppError('bad-request', `"${input}" is one of the flake's own inputs.`, {
        hint: 'Only an input of one of your inputs can follow another input.',
      })
    }
    const rows = buildInputTree(state.lock, { now: 0, staleAfterDays: 1 }).rows
    const row = rows.find((r) => r.id === input)
    if (!row) throw new AppError('not-found', `flake.lock has no input "${input}".`)
    const targetRow = rows.find((r) => r.id === target)
    if (!targetRow) throw new AppError('not-found', `flake.lock has no input "${target}".`)
    if (target === input || target.startsWith(`${input}/`)) {
      throw new AppError('bad-request', `"${input}" cannot follow itself or its own inputs.`)
    }
    if (row.follows === target) {
      throw new AppError('bad-request', `"${input}" already follows "${target}".`)
    }
    const declared = await declaredInputs(this.nix, state)
    if (declared.names && !declared.names.includes(path[0]!)) {
      throw new AppError('not-found', `Input "${path[0]}" is no longer in flake.nix.`)
    }
    const edit = addInputFollows(state.flakeNixText, path, target)
    if (!edit.ok) {
      throw new AppError('bad-request', edit.reason, {
        hint: 'Nothing was changed. Once the line is in flake.nix, the next update of any input (or "nix flake lock") records it in flake.lock.',
      })
    }
    return { text: edit.text, line: edit.line }
  }

  /**
   * Checks that a branch or tag exists (nix's own error for a missing ref is obscure) and, for
   * git tags, adds the commit they name.
   */
  private async resolvePinTarget(original: FlakeRefAttrs, target: PinTarget): Promise<PinTarget> {
    const remote = remoteOf(original)
    if (!remote || target.kind === 'commit') return target
    const refs = await this.cache.remoteRefs(remote)
    const found = (target.kind === 'branch' ? refs.branches : refs.tags).find(
      (ref) => ref.name === target.name,
    )
    if (!found) {
      throw new AppError('not-found', `There is no ${target.kind} "${target.name}" in ${remote}.`, {
        hint: 'Pick a branch or tag from the list; it may have been renamed or deleted.',
      })
    }
    return target.kind === 'tag' && original.type === 'git' ? { ...target, rev: found.rev } : target
  }
}
