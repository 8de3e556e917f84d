// nix's lock commands, run only on a throwaway copy of the flake (flake-copy.ts): the lock they
// leave there is read back and checked, and a failure is phrased for the user, naming the repo
// rather than the copy. Writing the result into the repo is the caller's (writeIfUnchanged).
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { RunResult } from '../process-runner'
import { copyFlake, type FlakeCopy, type FlakeTexts } from './flake-copy'
import { checkNewLock, readIfExists } from './flake-writes'
import { lockChangeArgs, type LockChangeRequest } from './lock-commands'
import { nixLockFailure } from './nix-errors'

const lockTimeoutMs = 15 * 60_000

export class CopyLocker {
  constructor(
    private readonly nix: NixService,
    private readonly git: GitService,
  ) {}

  /** Runs `nix <args>` in the copy; `what` and `names` word the error if it fails. */
  async run(
    args: string[],
    copy: FlakeCopy,
    what: string,
    names: readonly string[],
  ): Promise<RunResult> {
    const result = await this.nix.run(args, { cwd: copy.dir, timeoutMs: lockTimeoutMs })
    if (result.code !== 0) {
      throw nixLockFailure({ ...result, stderr: copy.asRepo(result.stderr) }, what, names)
    }
    return result
  }

  /**
   * The lock an update, an update of all or an override leaves, made on a copy of the flake in
   * `dir` holding `texts`, with the command form the installed nix understands. `what` and
   * `names` word the error if nix fails.
   */
  change(
    dir: string,
    texts: { flakeNix: string; lock: string },
    request: LockChangeRequest,
    what: string,
    names: readonly string[],
  ): Promise<string>
  change(
    dir: string,
    texts: FlakeTexts,
    request: LockChangeRequest,
    what: string,
    names: readonly string[],
  ): Promise<string | null>
  change(
    dir: string,
    texts: FlakeTexts,
    request: LockChangeRequest,
    what: string,
    names: readonly string[],
  ): Promise<string | null> {
    return this.lock(dir, texts, (copy) => this.runChange(copy, request, what, names))
  }

  /** One step of `lock`: the change `request` made in `copy`. */
  async runChange(
    copy: FlakeCopy,
    request: LockChangeRequest,
    what: string,
    names: readonly string[],
  ): Promise<RunResult> {
    const capabilities = (await this.nix.detect()).capabilities
    return this.run(lockChangeArgs(copy.dir, request, capabilities), copy, what, names)
  }

  /**
   * Runs `steps` on a copy of the flake in `dir` holding `texts`, and returns the flake.lock
   * they leave there (checked to be a usable lock). null: there was no lock and nix wrote none
   * (a flake without inputs).
   */
  lock(
    dir: string,
    texts: { flakeNix: string; lock: string },
    steps: (copy: FlakeCopy) => Promise<unknown>,
  ): Promise<string>
  lock(
    dir: string,
    texts: FlakeTexts,
    steps: (copy: FlakeCopy) => Promise<unknown>,
  ): Promise<string | null>
  async lock(
    dir: string,
    texts: FlakeTexts,
    steps: (copy: FlakeCopy) => Promise<unknown>,
  ): Promise<string | null> {
    const copy = await copyFlake(this.git, dir, texts)
    try {
      await steps(copy)
      const written = await readIfExists(copy.lockPath)
      if (written === null) {
        if (texts.lock === null) return null
        throw new AppError('command-failed', 'nix removed flake.lock instead of updating it.', {
          hint: "The repo's flake.lock was not changed. Try again.",
        })
      }
      const text = written.toString('utf8')
      checkNewLock(text)
      return text
    } finally {
      await copy.dispose()
    }
  }
}
