// The Inputs feature's core: read a flake's inputs, update or pin them with the command form the
// installed nix supports, preview a change (revisions, dates, commit log, lock diff) without
// touching the repo, apply it, commit it, and undo it. nix only ever runs on a copy of the flake
// (copy-locker.ts); its result reaches the repo through writeIfUnchanged, so a failure leaves the
// files as they were, and a change someone else made meanwhile is kept and reported as a conflict.
import { randomUUID } from 'node:crypto'
import { isAbsolute, join, resolve } from 'node:path'
import {
  FlakeRefError,
  gitRemoteUrl,
  pinnedRefUrl,
  type PinTarget,
} from '../../../shared/lockfile/flake-ref'
import { buildInputTree, type InputRow } from '../../../shared/lockfile/input-tree'
import { diffLocks, lockCommitMessage, type InputChange } from '../../../shared/lockfile/lock-diff'
import { unifiedDiff } from '../../../shared/lockfile/line-diff'
import {
  LockfileError,
  parseLockfile,
  rootNode,
  type FlakeRefAttrs,
  type Lockfile,
} from '../../../shared/lockfile/parse-lockfile'
import { findInputNode } from '../../../shared/lockfile/resolve-follows'
import type {
  CommitRange,
  FlakeNixEditSummary,
  InputsOverview,
  LockChangeResult,
  LockPreview,
  RevisionChange,
  UpdateSpec,
  VersionChoices,
  UpstreamDistance,
} from '../../../shared/lockfile/schemas'
import { AppError } from '../../../shared/app-error'
import { writeFileAtomic } from '../files/atomic-write'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { ProcessRunner } from '../process-runner'
import { CopyLocker, nixErrorLine } from './copy-locker'
import type { FlakeTexts } from './flake-copy'
import { setInputUrl } from './flake-nix-edit'
import { readIfExists, writeIfUnchanged, type GuardedFile } from './flake-writes'
import { GitCache } from './git-cache'
import {
  declaredInputsArgs,
  lockChangeArgs,
  relockArgs,
  type LockChangeRequest,
} from './lock-commands'

export interface InputsServiceOptions {
  /** The runner behind `nix` and `git`; every process starts through those two services. */
  runner: ProcessRunner
  nix: NixService
  git: GitService
  /** The app's data directory; the git cache lives in `<dataDir>/git-cache`. */
  dataDir: string
  /** Milliseconds since the epoch; tests fix it. */
  now?: () => number
}

interface StoredPreview {
  dir: string
  spec: UpdateSpec
  oldLockText: string
  newLockText: string
  flakeNixBefore: string | null
  flakeNixAfter: string | null
  flakeNix: FlakeNixEditSummary | null
}

/** The pieces of a flake a change works on, read once per call. */
interface FlakeState {
  dir: string
  lockPath: string
  flakeNixPath: string
  lockText: string | null
  lock: Lockfile | null
  flakeNixText: string
}

const logLimit = 20
const keptPreviews = 20

function lockfileError(error: LockfileError): AppError {
  const hints: Partial<Record<LockfileError['problem'], string>> = {
    empty: 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
    truncated: 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
    'not-json': 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
  }
  return new AppError('bad-request', error.message, {
    hint:
      error.hint ??
      hints[error.problem] ??
      'flake.lock is not what nix writes; restore it from git (Undo) or run "nix flake lock".',
  })
}

/** The git URL of a lock entry; an entry Flakedeck cannot decode is the user's error to see. */
function remoteOf(attrs: FlakeRefAttrs): string | null {
  try {
    return gitRemoteUrl(attrs)
  } catch (error) {
    if (!(error instanceof FlakeRefError)) throw error
    throw new AppError('bad-request', error.message, {
      hint: 'Correct the url in flake.nix and lock again ("nix flake lock"), or put flake.lock back from git (Undo).',
    })
  }
}

export class InputsService {
  private readonly nix: NixService
  private readonly git: GitService
  private readonly locker: CopyLocker
  private readonly now: () => number
  readonly cache: GitCache
  private readonly previews = new Map<string, StoredPreview>()
  /** Changes to one flake run one at a time, so two never start from the same lock. */
  private readonly busy = new Map<string, Promise<unknown>>()

  constructor(options: InputsServiceOptions) {
    this.nix = options.nix
    this.git = options.git
    this.locker = new CopyLocker(options.nix, options.git)
    this.now = options.now ?? Date.now
    this.cache = new GitCache(options.git, join(options.dataDir, 'git-cache'))
  }

  /** The inputs tree of the flake in `dir`, with what flake.nix declares and git's view. */
  async read(dir: string, options: { staleAfterDays?: number } = {}): Promise<InputsOverview> {
    const state = await this.load(dir)
    const tree = state.lock
      ? buildInputTree(state.lock, {
          now: this.now(),
          staleAfterDays: options.staleAfterDays ?? 90,
        })
      : { rows: [], duplicates: [], staleCount: 0 }
    const declared = await this.declaredInputs(state)
    const locked = state.lock ? Object.keys(rootNode(state.lock).inputs) : []
    const dirty = await this.dirtyFiles(state.dir)
    const warnings: string[] = []
    if (!declared.names) warnings.push(declared.problem)
    if (dirty.flakeNix) warnings.push(flakeNixDirtyWarning)
    if (!state.lock) warnings.push('There is no flake.lock yet; nix writes one on the first lock.')
    return {
      dir: state.dir,
      hasLock: state.lock !== null,
      tree,
      declaredInputs: declared.names,
      undeclared: declared.names ? locked.filter((n) => !declared.names.includes(n)) : [],
      unlocked: declared.names ? declared.names.filter((n) => !locked.includes(n)) : [],
      flakeNixDirty: dirty.flakeNix,
      flakeLockDirty: dirty.flakeLock,
      warnings,
    }
  }

  /** Updates the named inputs (or all) in place, with the installed nix's command form. */
  update(dir: string, target: readonly string[] | 'all'): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await this.load(dir)
      const request: LockChangeRequest =
        target === 'all' ? { kind: 'update-all' } : { kind: 'update', names: [...target] }
      if (request.kind === 'update') await this.checkInputs(state, request.names, 'update')
      const capabilities = (await this.nix.detect()).capabilities
      const names = request.kind === 'update' ? request.names : []
      const newLock = await this.locker.lock(state.dir, this.textsOf(state), (copy) =>
        this.locker.run(lockChangeArgs(copy.dir, request, capabilities), copy, 'updating', names),
      )
      await writeIfUnchanged(
        state.dir,
        this.guarded(state, { lock: newLock, flakeNix: null }),
        'updating the inputs',
      )
      return this.resultOf(state, newLock, null)
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
      const state = await this.load(dir)
      const { url, edit } = await this.planPin(state, name, target)
      const capabilities = (await this.nix.detect()).capabilities
      const newFlakeNix = (options.editFlakeNix ?? true) && edit.ok ? edit.text : null
      const newLock = await this.locker.lock(state.dir, this.textsOf(state), async (copy) => {
        await this.locker.run(
          lockChangeArgs(copy.dir, { kind: 'override', name, url }, capabilities),
          copy,
          'pinning',
          [name],
        )
        if (newFlakeNix !== null) {
          await writeFileAtomic(copy.flakeNixPath, newFlakeNix)
          // The override left the old url as the lock's `original`; locking again records the
          // new one (the same revision), so the next lock does not see a changed input.
          await this.locker.run(relockArgs(copy.dir), copy, 'locking', [name])
        }
      })
      // flake.nix is written only if it is still the text the edit was made from.
      await writeIfUnchanged(
        state.dir,
        this.guarded(state, { lock: newLock, flakeNix: newFlakeNix }),
        `pinning "${name}"`,
      )
      const writeFlakeNix = newFlakeNix !== null
      return this.resultOf(state, newLock, {
        url,
        applies: writeFlakeNix,
        reason: edit.ok ? null : edit.reason,
      })
    })
  }

  /** What a change would do, computed without writing anything in the repo. */
  async preview(
    dir: string,
    spec: UpdateSpec,
    options: { includeLog?: boolean } = {},
  ): Promise<LockPreview> {
    const state = await this.load(dir)
    if (!state.lock || state.lockText === null) {
      throw new AppError('not-found', `${state.dir} has no flake.lock to update.`, {
        hint: 'Lock the flake once first ("nix flake lock").',
      })
    }
    let request: LockChangeRequest
    let flakeNix: FlakeNixEditSummary | null = null
    let flakeNixAfter: string | null = null
    if (spec.kind === 'pin') {
      const plan = await this.planPin(state, spec.name, spec.target)
      request = { kind: 'override', name: spec.name, url: plan.url }
      flakeNix = {
        url: plan.url,
        applies: plan.edit.ok,
        reason: plan.edit.ok ? null : plan.edit.reason,
      }
      flakeNixAfter = plan.edit.ok ? plan.edit.text : null
    } else if (spec.kind === 'update') {
      await this.checkInputs(state, spec.names, 'update')
      request = { kind: 'update', names: spec.names }
    } else {
      request = { kind: 'update-all' }
    }
    const names = spec.kind === 'pin' ? [spec.name] : spec.kind === 'update' ? spec.names : []
    const newLockText = await this.computeLock(state, state.lockText, request, names)
    let newLock: Lockfile
    try {
      newLock = parseLockfile(newLockText)
    } catch (error) {
      if (error instanceof LockfileError) throw lockfileError(error)
      throw error
    }
    const changes = diffLocks(state.lock, newLock)
    // The first log of a big repository clones it (commits only); callers in a hurry skip it
    // and ask commitLog later.
    const withLogs = await Promise.all(
      changes.map((change) =>
        options.includeLog === false
          ? { ...change, log: null, logError: null }
          : this.withLog(change, state.lock!, newLock),
      ),
    )
    const warnings: string[] = []
    if ((await this.dirtyFiles(state.dir)).flakeNix) warnings.push(flakeNixDirtyWarning)
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
      commitMessage: lockCommitMessage(changes),
      flakeNix,
      warnings,
    }
  }

  /** Writes exactly the lock a preview showed, if flake.lock has not changed since. */
  apply(dir: string, previewId: string): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const preview = this.previews.get(previewId)
      const state = await this.load(dir)
      if (!preview || preview.dir !== state.dir) {
        throw new AppError('not-found', 'That preview is no longer available.', {
          hint: 'Preview the change again, then apply it.',
        })
      }
      if (state.lockText !== preview.oldLockText) {
        throw new AppError('conflict', 'flake.lock changed after the preview was made.', {
          hint: 'Nothing was written, and that change (a save, another window or another program) was kept. Preview the change again so it starts from the current flake.lock.',
        })
      }
      const editFlakeNix = preview.flakeNixAfter !== null
      if (editFlakeNix && state.flakeNixText !== preview.flakeNixBefore) {
        throw new AppError('conflict', 'flake.nix changed after the preview was made.', {
          hint: 'Nothing was written, and that change (a save, another window or another program) was kept. Preview the change again so it starts from the current flake.nix.',
        })
      }
      const name = preview.spec.kind === 'pin' ? [preview.spec.name] : []
      const flakeNixAfter = preview.flakeNixAfter
      const newLock =
        flakeNixAfter === null
          ? preview.newLockText
          : await this.locker.lock(
              state.dir,
              { flakeNix: flakeNixAfter, lock: preview.newLockText },
              (copy) => this.locker.run(relockArgs(copy.dir), copy, 'locking', name),
            )
      const files = this.guarded(state, { lock: newLock, flakeNix: flakeNixAfter })
      await writeIfUnchanged(
        state.dir,
        // A lock-only preview checks flake.lock alone, as above; flake.nix is not written.
        flakeNixAfter === null ? files.filter((file) => file.name === 'flake.lock') : files,
        'applying the preview',
      )
      this.previews.delete(previewId)
      return this.resultOf(state, newLock, preview.flakeNix)
    })
  }

  /** Commits flake.lock (and flake.nix when asked) with `message`; returns the new commit. */
  commitLock(
    dir: string,
    message: string,
    options: { includeFlakeNix?: boolean } = {},
  ): Promise<string> {
    return this.serial(dir, async () => {
      const state = await this.load(dir)
      if (!message.trim()) {
        throw new AppError('bad-request', 'The commit message is empty.', {
          hint: 'Write what changed, for example the message Flakedeck suggests.',
        })
      }
      const paths = options.includeFlakeNix ? ['flake.lock', 'flake.nix'] : ['flake.lock']
      await this.git.add(state.dir, paths)
      const staged = await this.git.run(state.dir, ['diff', '--cached', '--quiet', '--', ...paths])
      if (staged.code === 0) {
        throw new AppError(
          'bad-request',
          'There is nothing to commit: flake.lock is as committed.',
          {
            hint: 'Update or pin an input first.',
          },
        )
      }
      return this.git.commit(state.dir, paths, message.endsWith('\n') ? message : `${message}\n`)
    })
  }

  /** Puts back flake.lock as the last commit has it. */
  undo(dir: string): Promise<LockChangeResult> {
    return this.serial(dir, async () => {
      const state = await this.load(dir, { allowBrokenLock: true })
      const shown = await this.git.run(state.dir, ['show', 'HEAD:./flake.lock'], {
        maxOutput: 64 * 1024 * 1024,
      })
      if (shown.code !== 0) {
        throw new AppError('not-found', 'The last commit has no flake.lock to go back to.', {
          hint: 'Undo works once flake.lock has been committed.',
          details: shown.stderr.trim(),
        })
      }
      try {
        parseLockfile(shown.stdout)
      } catch (error) {
        if (error instanceof LockfileError) throw lockfileError(error)
        throw error
      }
      await writeIfUnchanged(
        state.dir,
        [{ path: state.lockPath, name: 'flake.lock', before: state.lockText, after: shown.stdout }],
        'putting flake.lock back',
      )
      const result = this.resultOf(state, shown.stdout, null)
      const dirty = await this.dirtyFiles(state.dir)
      if (dirty.flakeNix) result.warnings.push(flakeNixDirtyWarning)
      return result
    })
  }

  /** Branches, tags and recent commits an input can be pinned to. */
  async versions(
    dir: string,
    name: string,
    options: { commitLimit?: number } = {},
  ): Promise<VersionChoices> {
    const state = await this.load(dir)
    const { row, remote } = this.gitInput(state, name)
    const refs = await this.cache.remoteRefs(remote)
    const lockedRef = row.type === 'git' ? this.lockedAttr(state, row, 'ref') : null
    const isBranch = (ref: string | null) =>
      ref !== null && refs.branches.some((branch) => branch.name === ref)
    const trackedBranch = isBranch(row.originalRef)
      ? row.originalRef
      : isBranch(lockedRef)
        ? lockedRef
        : refs.head
    const recentCommits = await this.cache.recentCommits(
      remote,
      trackedBranch,
      options.commitLimit ?? 30,
    )
    return {
      input: row.id,
      remote,
      trackedBranch,
      currentRef: row.originalRef,
      lockedRev: row.lockedRev,
      branches: refs.branches,
      tags: refs.tags,
      recentCommits,
    }
  }

  /**
   * How many commits the branch the input follows has after its locked revision, from the
   * cached clone ("12 commits behind nixos-unstable"); 0 when the lock is at its newest.
   */
  async upstreamDistance(dir: string, name: string): Promise<UpstreamDistance> {
    const state = await this.load(dir)
    const { row, remote } = this.gitInput(state, name)
    if (!row.lockedRev) {
      throw new AppError('not-found', `Input "${name}" has no locked revision to compare.`)
    }
    const refs = await this.cache.remoteRefs(remote)
    const lockedRef = row.type === 'git' ? this.lockedAttr(state, row, 'ref') : null
    const branchNamed = (ref: string | null) =>
      refs.branches.find((b) => ref !== null && (b.name === ref || `refs/heads/${b.name}` === ref))
    const branch = branchNamed(row.originalRef) ?? branchNamed(lockedRef) ?? branchNamed(refs.head)
    if (!branch) {
      throw new AppError('not-found', `${remote} has no branch for "${name}" to follow.`, {
        hint: 'It is locked to a tag or a commit; pick a version to move it.',
      })
    }
    const range = await this.cache.commitsBetween(remote, row.lockedRev, branch.rev, 1)
    const count = (direction: string) => (range.direction === direction ? range.count : 0)
    // commitsBetween counts one side; a diverged pair needs the other side too.
    const behind = count('forward') + count('diverged')
    const ahead = count('backward')
    return { input: row.id, branch: branch.name, behind, ahead }
  }

  /** The commits between two revisions of an input's repository. */
  async commitLog(
    dir: string,
    name: string,
    fromRev: string,
    toRev: string,
    limit = logLimit,
  ): Promise<CommitRange> {
    const state = await this.load(dir)
    const { remote } = this.gitInput(state, name)
    return this.cache.commitsBetween(remote, fromRev, toRev, limit)
  }

  private serial<T>(dir: string, task: () => Promise<T>): Promise<T> {
    const key = resolve(dir)
    const next = (this.busy.get(key) ?? Promise.resolve()).catch(() => undefined).then(task)
    this.busy.set(key, next)
    void next
      .finally(() => {
        if (this.busy.get(key) === next) this.busy.delete(key)
      })
      .catch(() => undefined)
    return next
  }

  // --- reading ------------------------------------------------------------------------------

  private async load(
    dir: string,
    options: { allowBrokenLock?: boolean } = {},
  ): Promise<FlakeState> {
    if (!isAbsolute(dir)) {
      throw new AppError('bad-request', `"${dir}" is not an absolute path.`, {
        hint: 'Open the flake repository first.',
      })
    }
    const root = resolve(dir)
    const flakeNixPath = join(root, 'flake.nix')
    const lockPath = join(root, 'flake.lock')
    const flakeNix = await readIfExists(flakeNixPath)
    if (flakeNix === null) {
      throw new AppError('not-a-flake', `${root} has no flake.nix.`, {
        hint: 'Open the folder whose top holds flake.nix.',
      })
    }
    const lockBytes = await readIfExists(lockPath)
    const lockText = lockBytes === null ? null : lockBytes.toString('utf8')
    let lock: Lockfile | null = null
    if (lockText !== null) {
      try {
        lock = parseLockfile(lockText)
      } catch (error) {
        if (!(error instanceof LockfileError)) throw error
        if (!options.allowBrokenLock) throw lockfileError(error)
      }
    }
    return {
      dir: root,
      lockPath,
      flakeNixPath,
      lockText,
      lock,
      flakeNixText: flakeNix.toString('utf8'),
    }
  }

  private async declaredInputs(
    state: FlakeState,
  ): Promise<{ names: string[]; problem?: never } | { names: null; problem: string }> {
    const result = await this.nix.run(declaredInputsArgs(state.flakeNixPath), {
      cwd: state.dir,
      timeoutMs: 60_000,
    })
    if (result.code !== 0) {
      return {
        names: null,
        problem: `flake.nix could not be evaluated to list its inputs: ${nixErrorLine(result.stderr)}`,
      }
    }
    const parsed = JSON.parse(result.stdout) as { inputs: string[]; args: string[] }
    const names = new Set([...parsed.inputs, ...parsed.args.filter((arg) => arg !== 'self')])
    return { names: [...names].sort() }
  }

  private async dirtyFiles(dir: string): Promise<{ flakeNix: boolean; flakeLock: boolean }> {
    const result = await this.git.run(dir, [
      'status',
      '--porcelain=v1',
      '-z',
      '--',
      'flake.nix',
      'flake.lock',
    ])
    if (result.code !== 0) return { flakeNix: false, flakeLock: false }
    const entries = result.stdout.split('\0').filter(Boolean)
    const touched = (file: string) => entries.some((entry) => entry.slice(3).endsWith(file))
    return { flakeNix: touched('flake.nix'), flakeLock: touched('flake.lock') }
  }

  /** Refuses names the lock does not have, follows, or that flake.nix no longer declares. */
  private async checkInputs(
    state: FlakeState,
    names: readonly string[],
    verb: string,
  ): Promise<void> {
    if (!state.lock) {
      throw new AppError('not-found', `${state.dir} has no flake.lock yet.`, {
        hint: 'Lock the flake once first ("nix flake lock").',
      })
    }
    if (names.length === 0) {
      throw new AppError('bad-request', `Choose at least one input to ${verb}.`)
    }
    const tree = buildInputTree(state.lock, { now: 0, staleAfterDays: 1 })
    const declared = await this.declaredInputs(state)
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

  private async planPin(
    state: FlakeState,
    name: string,
    target: PinTarget,
  ): Promise<{ url: string; edit: ReturnType<typeof setInputUrl> }> {
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

  private gitInput(state: FlakeState, name: string): { row: InputRow; remote: string } {
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

  private lockedAttr(state: FlakeState, row: InputRow, key: string): string | null {
    const value = state.lock?.nodes.get(row.nodeLabel)?.locked?.[key]
    return typeof value === 'string' ? value : null
  }

  private textsOf(state: FlakeState): FlakeTexts {
    return { flakeNix: state.flakeNixText, lock: state.lockText }
  }

  /** flake.lock and flake.nix as the change found them, and what it writes (null: nothing). */
  private guarded(
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

  /** The lock a change would produce, as text, computed on a copy of the flake. */
  private computeLock(
    state: FlakeState,
    lockText: string,
    request: LockChangeRequest,
    names: readonly string[],
  ): Promise<string> {
    const texts = { flakeNix: state.flakeNixText, lock: lockText }
    return this.locker.lock(state.dir, texts, async (copy) => {
      const capabilities = (await this.nix.detect()).capabilities
      await this.locker.run(
        lockChangeArgs(copy.dir, request, capabilities),
        copy,
        'previewing',
        names,
      )
    })
  }

  // --- results ------------------------------------------------------------------------------

  /** What a change did, from the lock it started from and the one it wrote. */
  private resultOf(
    before: FlakeState,
    after: string | null,
    flakeNix: FlakeNixEditSummary | null,
  ): LockChangeResult {
    const changes: InputChange[] =
      after === null ? [] : diffLocks(before.lock, parseLockfile(after))
    const lockChanged = after !== before.lockText
    return {
      changes,
      lockChanged,
      commitMessage: lockCommitMessage(changes),
      flakeNix,
      warnings: [],
    }
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
        log: await this.cache.commitsBetween(remote, from, to, logLimit),
        logError: null,
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { ...change, log: null, logError: message }
    }
  }

  private remember(id: string, preview: StoredPreview): void {
    this.previews.set(id, preview)
    while (this.previews.size > keptPreviews) {
      const oldest = this.previews.keys().next().value
      if (oldest === undefined) break
      this.previews.delete(oldest)
    }
  }
}

const flakeNixDirtyWarning =
  'flake.nix has uncommitted changes; nix locks what is in the working tree, so the lock will follow your edits.'
