// Changing a flake's lock: update, pin, apply a preview, undo, and commit the result. Changes to
// one flake run one at a time (this owns the one per-flake queue), so two never start from the
// same flake.lock; nix only ever locks a copy (copy-locker.ts), and what it made reaches the
// repo through the file guards (flake-writes.ts): written only if flake.nix and flake.lock are
// still the texts the change started from, else refused as a conflict with nothing written.
import { resolve } from 'node:path'
import { AppError } from '../../../shared/app-error'
import type { PinTarget } from '../../../shared/lockfile/flake-ref'
import { diffLocks, lockCommitMessage } from '../../../shared/lockfile/lock-diff'
import type { FlakeNixEditSummary, LockChangeResult } from '../../../shared/lockfile/schemas'
import { writeFileAtomic } from '../files/atomic-write'
import { toRepoPath } from '../files/repo-paths'
import type { GitService } from '../git'
import { KeyedQueue } from '../keyed-queue'
import type { ChangePlanner } from './change-plan'
import type { CopyLocker } from './copy-locker'
import { writeIfUnchanged, type GuardedFile } from './flake-writes'
import {
  dirtyFiles,
  flakeNixDirtyWarning,
  loadFlake,
  parseLock,
  textsOf,
  type FlakeState,
} from './flake-state'
import { relockArgs, type LockChangeRequest } from './lock-commands'
import { namesOf, type LockPreviews } from './lock-previews'

export interface LockChangesDeps {
  git: GitService
  locker: CopyLocker
  planner: ChangePlanner
  previews: LockPreviews
}

const flakeNixPutBack = 'flake.nix is back as it was before the change, too.'

/** flake.lock and flake.nix as the change found them, and what it writes (null: nothing). */
function guarded(
  state: FlakeState,
  after: { lock: string | null; flakeNix: string | null },
): GuardedFile[] {
  return [
    { path: state.lockPath, name: 'flake.lock', before: state.lockText, after: after.lock },
    {
      path: state.flakeNixPath,
      name: 'flake.nix',
      before: state.flakeNixText,
      after: after.flakeNix,
    },
  ]
}

/** What a change did, from the lock it started from and the one it wrote. */
function resultOf(
  before: FlakeState,
  after: string | null,
  flakeNix: FlakeNixEditSummary | null,
): LockChangeResult {
  const changes = after === null ? [] : diffLocks(before.lock, parseLock(after))
  return {
    changes,
    lockChanged: after !== before.lockText,
    commitMessage: lockCommitMessage(changes),
    flakeNix,
    warnings: [],
  }
}

/** The last flake.nix edit a change wrote in a flake: what undo puts back, if still there. */
interface WrittenEdit {
  before: string
  after: string
}

export class LockChanges {
  /** Changes to one flake, by its folder, one at a time. */
  private readonly queue = new KeyedQueue()
  /** By the flake's folder; forgotten when a commit or an undo makes it history. */
  private readonly flakeNixEdits = new Map<string, WrittenEdit>()

  constructor(private readonly deps: LockChangesDeps) {}

  /** Updates the named inputs (or all) in place, with the installed nix's command form. */
  update(dir: string, target: readonly string[] | 'all'): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await loadFlake(dir)
      const request: LockChangeRequest =
        target === 'all' ? { kind: 'update-all' } : { kind: 'update', names: [...target] }
      const names = request.kind === 'update' ? request.names : []
      if (request.kind === 'update') await this.deps.planner.checkInputs(state, names, 'update')
      const newLock = await this.deps.locker.change(
        state.dir,
        textsOf(state),
        request,
        'updating',
        names,
      )
      await writeIfUnchanged(
        state.dir,
        guarded(state, { lock: newLock, flakeNix: null }),
        'updating the inputs',
      )
      return resultOf(state, newLock, null)
    })
  }

  /** Pins a top-level input to a branch, tag or commit, and writes that choice into flake.nix. */
  pin(
    dir: string,
    name: string,
    target: PinTarget,
    options: { editFlakeNix?: boolean } = {},
  ): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await loadFlake(dir)
      const { url, edit } = await this.deps.planner.planPin(state, name, target)
      const newFlakeNix = (options.editFlakeNix ?? true) && edit.ok ? edit.text : null
      const { locker } = this.deps
      const newLock = await locker.lock(state.dir, textsOf(state), async (copy) => {
        await locker.runChange(copy, { kind: 'override', name, url }, 'pinning', [name])
        if (newFlakeNix !== null) {
          await writeFileAtomic(copy.flakeNixPath, newFlakeNix)
          // The override left the old url as the lock's `original`; locking again records the
          // new one (the same revision), so the next lock does not see a changed input.
          await locker.run(relockArgs(copy.dir), copy, 'locking', [name])
        }
      })
      // flake.nix is written only if it is still the text the edit was made from.
      await writeIfUnchanged(
        state.dir,
        guarded(state, { lock: newLock, flakeNix: newFlakeNix }),
        `pinning "${name}"`,
      )
      this.remember(state, newFlakeNix)
      return resultOf(state, newLock, {
        url,
        applies: newFlakeNix !== null,
        reason: edit.ok ? null : edit.reason,
      })
    })
  }

  /** Writes exactly the lock a preview showed, if flake.lock has not changed since. */
  apply(dir: string, previewId: string): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await loadFlake(dir)
      const preview = this.deps.previews.get(previewId, state.dir)
      if (state.lockText !== preview.oldLockText) {
        throw new AppError('conflict', 'flake.lock changed after the preview was made.', {
          hint: 'Nothing was written, and that change (a save, another window or another program) was kept. Preview the change again so it starts from the current flake.lock.',
        })
      }
      const flakeNixAfter = preview.flakeNixAfter
      if (flakeNixAfter !== null && state.flakeNixText !== preview.flakeNixBefore) {
        throw new AppError('conflict', 'flake.nix changed after the preview was made.', {
          hint: 'Nothing was written, and that change (a save, another window or another program) was kept. Preview the change again so it starts from the current flake.nix.',
        })
      }
      const name = namesOf(preview.spec)
      const { locker } = this.deps
      const newLock =
        flakeNixAfter === null
          ? preview.newLockText
          : await locker.lock(
              state.dir,
              { flakeNix: flakeNixAfter, lock: preview.newLockText },
              (copy) => locker.run(relockArgs(copy.dir), copy, 'locking', name),
            )
      const files = guarded(state, { lock: newLock, flakeNix: flakeNixAfter })
      await writeIfUnchanged(
        state.dir,
        // A lock-only preview checks flake.lock alone, as above; flake.nix is not written.
        flakeNixAfter === null ? files.filter((file) => file.name === 'flake.lock') : files,
        'applying the preview',
      )
      this.deps.previews.forget(previewId)
      this.remember(state, flakeNixAfter)
      return resultOf(state, newLock, preview.flakeNix)
    })
  }

  /**
   * Puts back flake.lock as the last commit has it, and flake.nix as it was before the last
   * edit a change of Flakedeck's wrote there (a pin's url, a follows), if it still holds what
   * that change wrote; a flake.nix edited since is left alone.
   */
  undo(dir: string): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await loadFlake(dir, { allowBrokenLock: true })
      const { git } = this.deps
      const committed = await git.showHead(state.dir, await toRepoPath(state.dir, 'flake.lock'))
      if (committed === null) {
        throw new AppError('not-found', 'The last commit has no flake.lock to go back to.', {
          hint: 'Undo works once flake.lock has been committed.',
        })
      }
      parseLock(committed)
      const edit = this.flakeNixEdits.get(state.dir)
      const putBack = edit !== undefined && edit.after === state.flakeNixText
      const files: GuardedFile[] = [
        { path: state.lockPath, name: 'flake.lock', before: state.lockText, after: committed },
      ]
      if (putBack) {
        files.push({
          path: state.flakeNixPath,
          name: 'flake.nix',
          before: state.flakeNixText,
          after: edit.before,
        })
      }
      await writeIfUnchanged(state.dir, files, 'putting flake.lock back')
      this.flakeNixEdits.delete(state.dir)
      const result = resultOf(state, committed, null)
      if (putBack) result.warnings.push(flakeNixPutBack)
      if ((await dirtyFiles(git, state.dir)).flakeNix) result.warnings.push(flakeNixDirtyWarning)
      return result
    })
  }

  /** Commits flake.lock (and flake.nix when asked) with `message`; returns the new commit. */
  commitLock(
    dir: string,
    message: string,
    options: { includeFlakeNix?: boolean } = {},
  ): Promise<string> {
    return this.serial(dir, async () => {
      const state = await loadFlake(dir)
      if (!message.trim()) {
        throw new AppError('bad-request', 'The commit message is empty.', {
          hint: 'Write what changed, for example the message Flakedeck suggests.',
        })
      }
      const names = options.includeFlakeNix ? ['flake.lock', 'flake.nix'] : ['flake.lock']
      const paths = await Promise.all(names.map((name) => toRepoPath(state.dir, name)))
      const { git } = this.deps
      await git.add(state.dir, paths)
      if (!(await git.hasStagedChanges(state.dir, paths))) {
        throw new AppError(
          'bad-request',
          'There is nothing to commit: flake.lock is as committed.',
          {
            hint: 'Update or pin an input first.',
          },
        )
      }
      const commit = await git.commit(
        state.dir,
        paths,
        message.endsWith('\n') ? message : `${message}\n`,
      )
      this.flakeNixEdits.delete(state.dir)
      return commit
    })
  }

  /** Keeps the flake.nix edit a change just wrote (null: none) for undo. */
  private remember(state: FlakeState, written: string | null): void {
    if (written === null || written === state.flakeNixText) return
    // A second edit on top of the first: undo goes back to before both.
    const earlier = this.flakeNixEdits.get(state.dir)
    const before =
      earlier && earlier.after === state.flakeNixText ? earlier.before : state.flakeNixText
    this.flakeNixEdits.set(state.dir, { before, after: written })
  }

  private serial<T>(dir: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(resolve(dir), task)
  }
}
