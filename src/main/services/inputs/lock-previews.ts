// Previews of a lock change: what an update or pin would do (revisions, dates, the commits in
// between, the flake.lock diff, the flake.nix edit), computed on a copy without writing anything
// in the repo, and kept by id so that applying one writes exactly the lock it showed.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/app-error'
import { diffLocks, lockCommitMessage, type InputChange } from '../../../shared/lockfile/lock-diff'
import { unifiedDiff } from '../../../shared/lockfile/line-diff'
import type { Lockfile } from '../../../shared/lockfile/parse-lockfile'
import { findInputNode } from '../../../shared/lockfile/resolve-follows'
import type {
  FlakeNixEditSummary,
  LockPreview,
  RevisionChange,
  UpdateSpec,
} from '../../../shared/lockfile/schemas'
import type { GitService } from '../git'
import type { ChangePlanner } from './change-plan'
import type { CopyLocker } from './copy-locker'
import { dirtyFiles, flakeNixDirtyWarning, loadFlake, parseLock } from './flake-state'
import type { GitCache } from './git-cache'
import { remoteOf } from './input-remote'
import { logLimit } from './input-versions'
import { relockArgs, type LockChangeRequest } from './lock-commands'
import { messageOf } from '../../../shared/errors'

/** What applying a preview needs: the texts it started from and the ones it computed. */
export interface StoredPreview {
  dir: string
  spec: UpdateSpec
  oldLockText: string
  newLockText: string
  flakeNixBefore: string | null
  flakeNixAfter: string | null
  flakeNix: FlakeNixEditSummary | null
}

/** The inputs a change names, for nix's error messages. */
export function namesOf(spec: UpdateSpec): string[] {
  switch (spec.kind) {
    case 'pin':
      return [spec.name]
    case 'update':
      return spec.names
    case 'follows':
      return [spec.input]
    case 'update-all':
      return []
  }
}

/** Previews kept at once; an older one must be made again before it is applied. */
const keptPreviews = 20

export interface LockPreviewsDeps {
  git: GitService
  cache: GitCache
  locker: CopyLocker
  planner: ChangePlanner
}

export class LockPreviews {
  private readonly stored = new Map<string, StoredPreview>()

  constructor(private readonly deps: LockPreviewsDeps) {}

  /** What a change would do, computed without writing anything in the repo. */
  async preview(
    dir: string,
    spec: UpdateSpec,
    options: { includeLog?: boolean } = {},
  ): Promise<LockPreview> {
    const state = await loadFlake(dir)
    if (!state.lock || state.lockText === null) {
      throw new AppError('not-found', `${state.dir} has no flake.lock to update.`, {
        hint: 'Lock the flake once first ("nix flake lock").',
      })
    }
    let request: LockChangeRequest | null = null
    let flakeNix: FlakeNixEditSummary | null = null
    let flakeNixAfter: string | null = null
    if (spec.kind === 'pin') {
      const plan = await this.deps.planner.planPin(state, spec.name, spec.target)
      request = { kind: 'override', name: spec.name, url: plan.url }
      flakeNix = {
        url: plan.url,
        applies: plan.edit.ok,
        reason: plan.edit.ok ? null : plan.edit.reason,
      }
      flakeNixAfter = plan.edit.ok ? plan.edit.text : null
    } else if (spec.kind === 'follows') {
      const plan = await this.deps.planner.planFollows(state, spec.input, spec.target)
      flakeNix = { url: null, follows: plan.line, applies: true, reason: null }
      flakeNixAfter = plan.text
    } else if (spec.kind === 'update') {
      await this.deps.planner.checkInputs(state, spec.names, 'update')
      request = { kind: 'update', names: spec.names }
    } else {
      request = { kind: 'update-all' }
    }
    const names = namesOf(spec)
    const { locker } = this.deps
    const newLockText =
      request === null
        ? // An edit of flake.nix alone (a follows): nix locks the copy holding the new text.
          await locker.lock(state.dir, { flakeNix: flakeNixAfter!, lock: state.lockText }, (copy) =>
            locker.run(relockArgs(copy.dir), copy, 'previewing', names),
          )
        : await locker.change(
            state.dir,
            { flakeNix: state.flakeNixText, lock: state.lockText },
            request,
            'previewing',
            names,
          )
    const oldLock = state.lock
    const newLock = parseLock(newLockText)
    const changes = diffLocks(oldLock, newLock)
    // The first log of a big repository clones it (commits only); callers in a hurry skip it
    // and ask commitLog later.
    const withLogs = await Promise.all(
      changes.map((change) =>
        options.includeLog === false
          ? { ...change, log: null, logError: null }
          : this.withLog(change, oldLock, newLock),
      ),
    )
    const warnings: string[] = []
    if ((await dirtyFiles(this.deps.git, state.dir)).flakeNix) warnings.push(flakeNixDirtyWarning)
    if (changes.length === 0)
      warnings.push('Nothing would change: the inputs are already at these revisions.')
    const id = randomUUID()
    this.remember(id, {
      dir: state.dir,
      spec,
      oldLockText: state.lockText,
      newLockText,
      flakeNixBefore: state.flakeNixText,
      flakeNixAfter,
      flakeNix,
    })
    return {
      id,
      spec,
      changes: withLogs,
      lockDiff: unifiedDiff(state.lockText, newLockText),
      flakeNixDiff:
        flakeNixAfter === null
          ? ''
          : unifiedDiff(state.flakeNixText, flakeNixAfter, {
              oldName: 'a/flake.nix',
              newName: 'b/flake.nix',
            }),
      commitMessage: lockCommitMessage(changes),
      flakeNix,
      warnings,
    }
  }

  /** The preview `id` of the flake in `dir`, or a message that it is gone. */
  get(id: string, dir: string): StoredPreview {
    const preview = this.stored.get(id)
    if (!preview || preview.dir !== dir) {
      throw new AppError('not-found', 'That preview is no longer available.', {
        hint: 'Preview the change again, then apply it.',
      })
    }
    return preview
  }

  /** Forgets a preview once it has been applied. */
  forget(id: string): void {
    this.stored.delete(id)
  }

  private async withLog(
    change: InputChange,
    oldLock: Lockfile,
    newLock: Lockfile,
  ): Promise<RevisionChange> {
    const from = change.old?.rev
    const to = change.new?.rev
    if (change.kind !== 'updated' || !from || !to) return { ...change, log: null, logError: null }
    const node = findInputNode(newLock, change.path) ?? findInputNode(oldLock, change.path)
    try {
      const remote = node?.locked ? remoteOf(node.locked) : null
      if (!remote) return { ...change, log: null, logError: null }
      return {
        ...change,
        log: await this.deps.cache.commitsBetween(remote, from, to, logLimit),
        logError: null,
      }
    } catch (error) {
      const message = messageOf(error)
      return { ...change, log: null, logError: message }
    }
  }

  private remember(id: string, preview: StoredPreview): void {
    this.stored.set(id, preview)
    while (this.stored.size > keptPreviews) {
      const oldest = this.stored.keys().next().value
      if (oldest === undefined) break
      this.stored.delete(oldest)
    }
  }
}
