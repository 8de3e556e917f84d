// nix's lock commands, run only on a throwaway copy of the flake (flake-copy.ts): the lock they
// leave there is read back and checked, and a failure is phrased for the user, naming the repo
// rather than the copy. Writing the result into the repo is the caller's (writeIfUnchanged).
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { RunResult } from '../process-runner'
import { copyFlake, type FlakeCopy, type FlakeTexts } from './flake-copy'
import { checkNewLock, readIfExists } from './flake-writes'

const lockTimeoutMs = 15 * 60_000

/** The most telling lines of a nix error, for a one-line message. */
export function nixErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim())
  const fatal = lines.find((line) => /^fatal:/.test(line))
  const error = lines.find((line) => /^error:/.test(line) && !/program 'git' failed/.test(line))
  return (fatal ?? error ?? lines.filter(Boolean).pop() ?? '').replace(/^(fatal|error):\s*/, '')
}

const unreachablePattern =
  /does not appear to be a git repository|Could not read from remote|unable to download|resolve host|Connection refused|not found|No such file|does not exist|couldn't find remote ref|HTTP error/i

function nixFailure(result: RunResult, what: string, inputs: readonly string[]): AppError {
  const line = nixErrorLine(result.stderr)
  const unreachable = unreachablePattern.test(result.stderr)
  const subject =
    inputs.length === 1 ? `input "${inputs[0]}"` : inputs.length > 1 ? 'the inputs' : 'an input'
  const message = unreachable
    ? `Could not reach ${subject} while ${what}${line ? `: ${line}` : '.'}`
    : `nix failed while ${what}${line ? `: ${line}` : '.'}`
  return new AppError('command-failed', message, {
    hint: unreachable
      ? "Check the input's url in flake.nix and your network. flake.lock was left unchanged."
      : 'flake.lock was left unchanged. The details show what nix said.',
    details: result.stderr.slice(-8000),
  })
}

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
      throw nixFailure({ ...result, stderr: copy.asRepo(result.stderr) }, what, names)
    }
    return result
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
