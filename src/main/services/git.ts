// Git, run as a program over real repos. Output is read in porcelain forms that do not change
// with the user's locale or colour settings. Every git command the app runs on a repo is a
// method here, so all of them share one environment (literal pathspecs, no optional locks) and
// one turn per repo at the index; that is why this file is a little over the usual size.
import { rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { GitCommit, GitCommitDetails, GitFileStatus } from '../../shared/contract'
import { AppError } from '../../shared/app-error'
import type { RepoPath } from './files/repo-paths'
import { parsePorcelainStatus } from './git-status'
import { KeyedQueue } from './keyed-queue'
import type { ProcessRunner, RunOptions, RunResult } from './process-runner'

/** A commit's diff beyond this many characters is cut (a vendored blob, a lock rewrite). */
const maxDiff = 512 * 1024

const quietConfig = ['-c', 'color.ui=false', '-c', 'core.quotepath=false'] as const

/** Mode git gives a submodule entry; nix leaves submodules out unless asked. */
const gitlinkMode = '160000'

/** One entry of the index. */
export interface IndexEntry {
  /** As `ls-files --stage` prints it (`mode hash stage\tpath`), for update-index. */
  record: string
  /** 0 for a merged entry; 1 to 3 for the sides of a merge conflict. */
  stage: number
  /** Relative to the repo's top. */
  path: string
}

/**
 * Set on every git run. Paths are file names, never pathspec magic: `:(top)x` or `*` named by a
 * user must not reach files outside the opened folder. Read-only commands (status) skip the
 * optional index refresh, whose index.lock would make a concurrent commit fail.
 */
export const gitEnv: Readonly<Record<string, string>> = {
  GIT_LITERAL_PATHSPECS: '1',
  GIT_OPTIONAL_LOCKS: '0',
}

export class GitService {
  /**
   * Per repo, index-writing commands one after another: git refuses a second (index.lock), so
   * two windows committing at once both succeed instead of one failing.
   */
  private readonly indexTurns = new KeyedQueue()

  constructor(
    private readonly runner: ProcessRunner,
    private readonly gitCommand = 'git',
  ) {}

  run(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.runner.run(this.gitCommand, [...quietConfig, ...args], this.options(cwd, options))
  }

  async runChecked(
    cwd: string,
    args: readonly string[],
    options: RunOptions = {},
  ): Promise<RunResult> {
    return this.runner.runChecked(
      this.gitCommand,
      [...quietConfig, ...args],
      this.options(cwd, options),
    )
  }

  private options(cwd: string, options: RunOptions): RunOptions {
    return { cwd, ...options, env: { ...gitEnv, ...options.env } }
  }

  async version(): Promise<string | null> {
    try {
      const result = await this.runner.run(this.gitCommand, ['--version'], { timeoutMs: 10_000 })
      return /git version (\S+)/.exec(result.stdout)?.[1] ?? null
    } catch {
      return null
    }
  }

  /** The top of the work tree containing `dir`, or null when `dir` is not inside one. */
  async topLevel(dir: string): Promise<string | null> {
    let result: RunResult
    try {
      result = await this.run(dir, ['rev-parse', '--show-toplevel'], { timeoutMs: 15_000 })
    } catch (error) {
      if (error instanceof AppError && error.code === 'not-found') {
        throw new AppError('git-missing', 'Git was not found on PATH.', {
          hint: 'Install git (flakes need it to read a repo), then try again.',
        })
      }
      throw error
    }
    return result.code === 0 ? result.stdout.trim() : null
  }

  async currentBranch(dir: string): Promise<string | null> {
    const result = await this.run(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'])
    if (result.code === 0) return result.stdout.trim()
    return null // detached HEAD
  }

  async headCommit(dir: string): Promise<string | null> {
    const result = await this.run(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])
    return result.code === 0 ? result.stdout.trim() : null
  }

  async isDirty(dir: string): Promise<boolean> {
    const result = await this.runChecked(dir, [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=normal',
    ])
    return result.stdout.length > 0
  }

  /**
   * What changed in the work tree, paths from the repo's top; `paths` (relative to `dir`)
   * narrows it to those files.
   */
  async status(dir: string, paths: readonly RepoPath[] = []): Promise<GitFileStatus[]> {
    const result = await this.runChecked(dir, [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      ...(paths.length > 0 ? ['--', ...paths] : []),
    ])
    return parsePorcelainStatus(result.stdout)
  }

  /** Files git knows or would add: tracked plus untracked-not-ignored, repo-relative. */
  async listFiles(dir: string): Promise<{ tracked: string[]; untracked: string[] }> {
    const [tracked, untracked] = await Promise.all([
      this.runChecked(dir, ['ls-files', '-z', '--cached']),
      this.runChecked(dir, ['ls-files', '-z', '--others', '--exclude-standard']),
    ])
    const split = (text: string) => text.split('\0').filter(Boolean)
    return { tracked: split(tracked.stdout), untracked: split(untracked.stdout) }
  }

  /**
   * Files `git add`ed and then deleted from the work tree, relative to `dir`: git still lists
   * them (status "AD"), but there is nothing to show or commit.
   */
  async addedThenDeleted(dir: string): Promise<string[]> {
    const [deleted, added] = await Promise.all([
      this.runChecked(dir, ['ls-files', '-z', '--deleted']),
      this.runChecked(dir, [
        'diff',
        '--cached',
        '--name-only',
        '-z',
        '--diff-filter=A',
        '--relative',
      ]),
    ])
    const addedPaths = new Set(added.stdout.split('\0').filter(Boolean))
    return deleted.stdout.split('\0').filter((p) => p && addedPaths.has(p))
  }

  /** The latest commits of the branch checked out, newest first. */
  async log(dir: string, limit = 300): Promise<GitCommit[]> {
    const result = await this.run(dir, [
      'log',
      `--max-count=${limit}`,
      '--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e',
      '--',
    ])
    // No commits yet: an empty history, not an error.
    if (result.code !== 0) return []
    return result.stdout
      .split('\x1e')
      .map((record) => record.trim())
      .filter(Boolean)
      .map((record) => {
        const [hash = '', author = '', email = '', date = '', subject = ''] = record.split('\x1f')
        return { hash, author, email, date, subject }
      })
  }

  /** One commit: its whole message, the files it changed, and its diff (capped). */
  async commitDetails(dir: string, hash: string): Promise<GitCommitDetails> {
    if (!/^[0-9a-f]{7,64}$/.test(hash)) {
      throw new AppError('bad-request', `"${hash}" is not a commit hash.`)
    }
    const [message, files, diff] = await Promise.all([
      this.run(dir, ['show', '--no-patch', '--format=%B', hash, '--']),
      this.run(dir, ['show', '--format=', '--name-status', '-z', '--relative', hash, '--']),
      this.run(dir, ['show', '--format=', '--patch', '--relative', '--no-ext-diff', hash, '--'], {
        maxOutput: maxDiff + 1,
      }),
    ])
    if (message.code !== 0) {
      throw new AppError('not-found', `Commit ${hash.slice(0, 7)} is not in this repo.`, {
        hint: 'The history may have been rewritten; refresh it.',
      })
    }
    const parts = files.stdout.split('\0').filter(Boolean)
    const changed: { path: string; status: string }[] = []
    for (let i = 0; i < parts.length; i++) {
      const status = parts[i]!
      // Renames and copies name the old path, then the new one.
      if (/^[RC]/.test(status)) {
        changed.push({ status: status[0]!, path: parts[i + 2] ?? '' })
        i += 2
      } else {
        changed.push({ status: status[0]!, path: parts[i + 1] ?? '' })
        i += 1
      }
    }
    const truncated = diff.stdout.length > maxDiff
    return {
      hash,
      message: message.stdout.trim(),
      files: changed,
      diff: truncated ? diff.stdout.slice(0, maxDiff) : diff.stdout,
      truncated,
    }
  }

  /**
   * Throws away the changes to one file: back to HEAD's version (index and work tree), or, for a
   * file HEAD does not have, out of the index and off the disk.
   */
  async discard(dir: string, path: RepoPath): Promise<void> {
    const inHead = (await this.run(dir, ['cat-file', '-e', `HEAD:./${path}`])).code === 0
    await this.indexTurns.run(resolve(dir), async () => {
      if (inHead) {
        await this.runChecked(dir, [
          'restore',
          '--source=HEAD',
          '--staged',
          '--worktree',
          '--',
          path,
        ])
      } else {
        await this.runChecked(dir, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', path])
      }
    })
    if (!inHead) await rm(resolve(dir, path), { force: true })
  }

  /** The file's content at HEAD, or null when HEAD does not have it (new file, no commits). */
  async showHead(dir: string, path: RepoPath): Promise<string | null> {
    const result = await this.run(dir, ['show', `HEAD:./${path}`], { maxOutput: 64 * 1024 * 1024 })
    return result.code === 0 ? result.stdout : null
  }

  add(dir: string, paths: readonly RepoPath[]): Promise<void> {
    return this.addNamed(dir, paths)
  }

  private async addNamed(dir: string, paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return
    await this.indexTurns.run(resolve(dir), () => this.runChecked(dir, ['add', '--', ...paths]))
  }

  /** Adds `paths` even where .gitignore matches them (a tracked file stays part of a flake). */
  async addForced(dir: string, paths: readonly RepoPath[]): Promise<void> {
    if (paths.length === 0) return
    await this.indexTurns.run(resolve(dir), () =>
      this.runChecked(dir, ['add', '--force', '--', ...paths]),
    )
  }

  /** A new, empty repository in `dir`. */
  async init(dir: string, initialBranch?: string): Promise<void> {
    const branch = initialBranch ? [`--initial-branch=${initialBranch}`] : []
    await this.runChecked(dir, ['init', '--quiet', ...branch])
  }

  /** The index's entries as `ls-files --stage` records, submodules left out. */
  async indexEntries(dir: string): Promise<IndexEntry[]> {
    const listing = await this.runChecked(dir, ['ls-files', '-z', '--stage'], {
      maxOutput: 256 * 1024 * 1024,
    })
    const entries: IndexEntry[] = []
    for (const record of listing.stdout.split('\0')) {
      const match = /^(\d+) ([0-9a-f]+) (\d)\t(.+)$/s.exec(record)
      if (!match || match[1] === gitlinkMode) continue
      entries.push({ record, stage: Number(match[3]), path: match[4]! })
    }
    return entries
  }

  /**
   * Writes `entries` into the index of `dir` as they are, without hashing any file: the objects
   * must be there, e.g. borrowed with borrowObjects.
   */
  async setIndexEntries(dir: string, entries: readonly IndexEntry[]): Promise<void> {
    await this.indexTurns.run(resolve(dir), () =>
      this.runChecked(dir, ['update-index', '-z', '--index-info'], {
        input: entries.map((entry) => `${entry.record}\0`).join(''),
        timeoutMs: 300_000,
      }),
    )
  }

  /** Lets the repository in `dir` read the objects of the one in `from` (git's alternates). */
  async borrowObjects(dir: string, from: string): Promise<void> {
    const commonDir = (await this.runChecked(from, ['rev-parse', '--git-common-dir'])).stdout.trim()
    await writeFile(
      join(dir, '.git', 'objects', 'info', 'alternates'),
      `${join(resolve(from, commonDir), 'objects')}\n`,
    )
  }

  /** Whether the index holds changes to `paths` against HEAD (what a commit of them records). */
  async hasStagedChanges(dir: string, paths: readonly RepoPath[]): Promise<boolean> {
    const result = await this.run(dir, ['diff', '--cached', '--quiet', '--', ...paths])
    return result.code !== 0
  }

  /** Commits exactly `paths` (new files are added first) and returns the new commit. */
  async commit(dir: string, paths: readonly RepoPath[], message: string): Promise<string> {
    // ls-files names them relative to `dir` (status would name them from the repo's top, which
    // differs when a sub-folder of a repo is open).
    const untracked = await this.runChecked(dir, [
      'ls-files',
      '-z',
      '--others',
      '--exclude-standard',
      '--',
      ...paths,
    ])
    // git's own names for paths already checked.
    await this.addNamed(dir, untracked.stdout.split('\0').filter(Boolean))
    // HEAD is read in the same turn: another window's commit must not be reported as this one.
    const { result, head } = await this.indexTurns.run(resolve(dir), async () => {
      const result = await this.run(dir, ['commit', '--quiet', '-F', '-', '--', ...paths], {
        input: message,
      })
      return { result, head: result.code === 0 ? await this.headCommit(dir) : null }
    })
    if (result.code !== 0) {
      const text = (result.stderr + result.stdout).trim()
      const identity = /Please tell me who you are|empty ident/i.test(text)
      throw new AppError(
        'command-failed',
        identity
          ? 'Git does not know who you are, so it cannot commit.'
          : `git commit failed: ${text.split('\n')[0] ?? ''}`,
        {
          hint: identity
            ? 'Set your name and email once: git config --global user.name "Your Name"; git config --global user.email you@example.com'
            : 'Check the message and the selected files, then try again.',
          details: text,
        },
      )
    }
    return head ?? ''
  }
}
