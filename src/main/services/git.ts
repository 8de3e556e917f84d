// Git, run as a program over real repos. Output is read in porcelain forms that do not change
// with the user's locale or colour settings.
import { AppError } from '../core/app-error'
import type { ProcessRunner, RunOptions, RunResult } from './process-runner'

const quietConfig = ['-c', 'color.ui=false', '-c', 'core.quotepath=false'] as const

export class GitService {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly gitCommand = 'git',
  ) {}

  run(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.runner.run(this.gitCommand, [...quietConfig, ...args], { cwd, ...options })
  }

  async runChecked(
    cwd: string,
    args: readonly string[],
    options: RunOptions = {},
  ): Promise<RunResult> {
    return this.runner.runChecked(this.gitCommand, [...quietConfig, ...args], { cwd, ...options })
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
}
