// Find in files through `git grep`, the tool that is always there with git. `--untracked` searches
// the work tree's files that are tracked or untracked-but-not-ignored, but skips a tracked file
// that an ignore rule matches (a force-added `secrets.nix`): a flake sees that one, so such files
// are searched in a second, index-based run. Binary files (a NUL in the first 8000 bytes) are
// skipped with -I; symbolic links and submodules are not searched, as a flake copies them as links.
import type { TextSearchMatch } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import { pathBatches } from './path-batches'
import { FirstMatches, lineMatch, pathText } from './search-match'
import type { TextSearchQuery } from './text-search-query'
import { regexError } from './text-search-query'

/**
 * Reads `path\0line\0column\0text\n` records (git grep -z -n --column) as they arrive, in
 * latin1 so every byte is one character. A path may hold a newline and a line a NUL, so fields
 * are read in order rather than split.
 */
class GrepRecords {
  private buffer = ''
  private current: { path: string; key: Buffer; matches: TextSearchMatch[] } | null = null

  constructor(private readonly onFile: (key: Buffer, matches: TextSearchMatch[]) => void) {}

  push(chunk: string): void {
    this.buffer += chunk
    for (;;) {
      const pathEnd = this.buffer.indexOf('\0')
      if (pathEnd < 0) return
      const lineEnd = this.buffer.indexOf('\0', pathEnd + 1)
      if (lineEnd < 0) return
      const columnEnd = this.buffer.indexOf('\0', lineEnd + 1)
      if (columnEnd < 0) return
      const textEnd = this.buffer.indexOf('\n', columnEnd + 1)
      if (textEnd < 0) return
      const rawPath = this.buffer.slice(0, pathEnd)
      const line = Number(this.buffer.slice(pathEnd + 1, lineEnd))
      const byteColumn = Number(this.buffer.slice(lineEnd + 1, columnEnd))
      const text = Buffer.from(this.buffer.slice(columnEnd + 1, textEnd), 'latin1')
      this.buffer = this.buffer.slice(textEnd + 1)
      // A file's lines come together: a new path ends the one before.
      if (this.current?.path !== rawPath) {
        this.flush()
        const key = Buffer.from(rawPath, 'latin1')
        const path = pathText(key)
        this.current = path === null ? null : { path, key, matches: [] }
        if (!this.current) continue
      }
      const file = this.current
      file.matches.push(lineMatch(file.path, line, text, byteColumn - 1))
    }
  }

  /** Hands on the file read last; call when the output ends. */
  flush(): void {
    if (this.current) this.onFile(this.current.key, this.current.matches)
    this.current = null
  }
}

export class GitGrep {
  /** Whether this git has Perl-compatible regexes (-P); learned on the first regex search. */
  private perl: boolean | undefined

  constructor(private readonly git: GitService) {}

  async search(
    dir: string,
    query: TextSearchQuery,
    limit: number,
  ): Promise<{ matches: TextSearchMatch[]; truncated: boolean }> {
    const found = new FirstMatches(limit)
    const trackedIgnored = await this.trackedIgnored(dir)
    // git lists files in path order, so the first `limit` matches are final: stop there.
    await this.grep(dir, query, ['--untracked'], [], found, true)
    for (const batch of pathBatches(trackedIgnored)) {
      await this.grep(dir, query, [], batch, found, false)
    }
    return found.result()
  }

  /** Tracked files that an ignore rule matches, relative to `dir`. */
  private async trackedIgnored(dir: string): Promise<string[]> {
    const result = await this.git.runChecked(
      dir,
      ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard'],
      { stdoutEncoding: 'latin1', timeoutMs: 60_000 },
    )
    return result.stdout
      .split('\0')
      .filter(Boolean)
      .map((raw) => pathText(Buffer.from(raw, 'latin1')))
      .filter((path): path is string => path !== null)
  }

  private async grep(
    dir: string,
    query: TextSearchQuery,
    scope: string[],
    paths: string[],
    found: FirstMatches,
    stopWhenFull: boolean,
  ): Promise<void> {
    const stop = new AbortController()
    const records = new GrepRecords((key, matches) => {
      found.addFile(key, matches)
      if (stopWhenFull && found.full) stop.abort()
    })
    const perl = query.regex && this.perl !== false
    const args = [
      'grep',
      '-z',
      '-n',
      '--column',
      '-I', // binary files are not text to find
      ...scope,
      query.caseSensitive ? '--no-ignore-case' : '--ignore-case',
      // Perl regexes are the nearest git has to ripgrep's (\d, \w, \s, \b, lazy quantifiers).
      query.regex ? (perl ? '--perl-regexp' : '--extended-regexp') : '--fixed-strings',
      // -e: a pattern starting with `-` is a pattern, not an option; `--`: nothing after is a
      // revision, and no pathspec means the whole work tree (the open folder).
      '-e',
      query.pattern,
      '--',
      ...paths,
    ]
    let result
    try {
      result = await this.git.run(dir, args, {
        onStdout: (chunk) => records.push(chunk),
        stdoutEncoding: 'latin1',
        signal: stop.signal,
        timeoutMs: 60_000,
        // Parsed as it arrives; what the runner keeps is not read.
        maxOutput: 64 * 1024,
      })
    } catch (error) {
      if (stop.signal.aborted && error instanceof AppError && error.code === 'cancelled') return
      throw error
    }
    // 0: matches, 1: none; anything else is git refusing the pattern or the repo.
    if (result.code === 0 || result.code === 1) {
      records.flush()
      return
    }
    const message = result.stderr.trim().replace(/^fatal:\s*/, '')
    if (perl && /Perl-compatible|USE_LIBPCRE/i.test(message)) {
      this.perl = false
      return this.grep(dir, query, scope, paths, found, stopWhenFull)
    }
    // git names the pattern it could not compile: "-e option, 'x(': missing closing parenthesis"
    const named = `'${query.pattern}': `
    const at = message.indexOf(named)
    if (query.regex && at >= 0) {
      throw regexError(message.slice(at + named.length).split('\n')[0]!)
    }
    throw new AppError('command-failed', `git grep failed: ${message || `exit ${result.code}`}`, {
      hint: 'Check that the folder is still a git repo, then search again.',
    })
  }
}
