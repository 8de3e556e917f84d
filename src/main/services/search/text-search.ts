// Find in files: ripgrep when it is on PATH (found once), git grep otherwise, which is always
// there with git. Both search the same files (what a flake sees, plus files not yet added that no
// rule ignores; binary files skipped) and give the same matches in the same order (by path bytes,
// then line), cut at the same cap. Regexes differ in flavour only: Rust's regex syntax with
// ripgrep, Perl's with git grep (see text-search-query.ts).
import type { TextSearchResult } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import { findOnPath } from '../path-lookup'
import type { ProcessRunner } from '../process-runner'
import { GitGrep } from './git-grep'
import { Ripgrep } from './ripgrep'
import type { TextSearchQuery } from './text-search-query'

export type { TextSearchQuery } from './text-search-query'

/** Matches returned at most; the result says when there were more. */
export const defaultMatchLimit = 2000

export interface TextSearchOptions {
  /** The ripgrep program to look for on PATH ('rg'), or false to always use git grep. */
  ripgrep?: string | false
}

export type TextSearchTool = 'ripgrep' | 'git grep'

export class TextSearch {
  private readonly gitGrep: GitGrep
  private ripgrep: Promise<Ripgrep | null> | undefined

  constructor(
    private readonly git: GitService,
    private readonly runner: ProcessRunner,
    private readonly options: TextSearchOptions = {},
  ) {
    this.gitGrep = new GitGrep(git)
  }

  /** Which tool searches; ripgrep is looked for on the first search only. */
  async tool(): Promise<TextSearchTool> {
    return (await this.findRipgrep()) ? 'ripgrep' : 'git grep'
  }

  async search(
    repo: string,
    query: TextSearchQuery,
    limit = defaultMatchLimit,
  ): Promise<TextSearchResult> {
    // git grep would take each line as a pattern of its own and ripgrep refuse it: neither is
    // what find in files, one line at a time, means.
    if (/[\r\n]/.test(query.pattern)) {
      throw new AppError('bad-request', 'A pattern to find cannot hold a line break.', {
        hint: 'Search for one line of the text at a time.',
      })
    }
    const ripgrep = await this.findRipgrep()
    return ripgrep ? ripgrep.search(repo, query, limit) : this.gitGrep.search(repo, query, limit)
  }

  private findRipgrep(): Promise<Ripgrep | null> {
    this.ripgrep ??= this.detect()
    return this.ripgrep
  }

  /** ripgrep on the runner's PATH that answers `--version`; its JSON output needs 0.10 or later. */
  private async detect(): Promise<Ripgrep | null> {
    if (this.options.ripgrep === false) return null
    const command = await findOnPath(this.options.ripgrep ?? 'rg', this.runner.baseEnv.PATH)
    if (!command) return null
    try {
      const result = await this.runner.run(command, ['--version'], { timeoutMs: 10_000 })
      const version = /^ripgrep (\d+)\.(\d+)/m.exec(result.stdout)
      if (result.code !== 0 || !version) return null
      const [major, minor] = [Number(version[1]), Number(version[2])]
      if (major === 0 && minor < 10) return null
    } catch {
      return null
    }
    return new Ripgrep(this.runner, this.git, command)
  }
}
