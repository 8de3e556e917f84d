// Find in files, through `git grep`: it is always there with git, searches exactly the files a
// flake can see (tracked, plus untracked-but-not-ignored with --untracked), skips binary files,
// and honours GIT_LITERAL_PATHSPECS like every other git call. Results stream in and the search
// stops at a cap, so a pattern like `e` in a big repo answers at once.
import type { TextSearchMatch, TextSearchResult } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'

export interface TextSearchQuery {
  pattern: string
  /** Extended regular expression (POSIX ERE, as `grep -E`); otherwise the text as typed. */
  regex: boolean
  caseSensitive: boolean
}

/** Matches returned at most; the result says when there were more. */
export const defaultMatchLimit = 2000
/** A matched line longer than this is cut around the match (minified files, lock files). */
const maxPreview = 400

/** The line, cut around the match when long; `column` is 1-based in characters of `text`. */
function preview(line: string, column: number): { text: string; column: number } {
  if (line.length <= maxPreview) return { text: line, column }
  const start = Math.max(0, column - 1 - 100)
  return { text: line.slice(start, start + maxPreview), column: column - start }
}

/** git grep --column counts bytes; the editor counts UTF-16 characters. */
function byteColumnToChars(line: string, byteColumn: number): number {
  const bytes = Buffer.from(line, 'utf8')
  return bytes.subarray(0, Math.max(0, byteColumn - 1)).toString('utf8').length + 1
}

/**
 * Reads `path\0line\0column\0text\n` records (git grep -z -n --column) as they arrive. A path
 * may hold a newline, so fields are read in order rather than split on lines.
 */
class GrepRecords {
  private buffer = ''

  constructor(private readonly onMatch: (match: TextSearchMatch) => void) {}

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
      const path = this.buffer.slice(0, pathEnd)
      const line = Number(this.buffer.slice(pathEnd + 1, lineEnd))
      const byteColumn = Number(this.buffer.slice(lineEnd + 1, columnEnd))
      const text = this.buffer.slice(columnEnd + 1, textEnd).replace(/\r$/, '')
      this.buffer = this.buffer.slice(textEnd + 1)
      this.onMatch({ path, line, ...preview(text, byteColumnToChars(text, byteColumn)) })
    }
  }
}

export class TextSearch {
  constructor(private readonly git: GitService) {}

  async search(
    repo: string,
    query: TextSearchQuery,
    limit = defaultMatchLimit,
  ): Promise<TextSearchResult> {
    const matches: TextSearchMatch[] = []
    const stop = new AbortController()
    let truncated = false
    const records = new GrepRecords((match) => {
      if (matches.length < limit) matches.push(match)
      else if (!truncated) {
        truncated = true
        stop.abort()
      }
    })
    const args = [
      'grep',
      '-z',
      '-n',
      '--column',
      '-I', // binary files are not text to find
      '--untracked', // a new file not yet added is found too
      query.caseSensitive ? '--no-ignore-case' : '--ignore-case',
      query.regex ? '--extended-regexp' : '--fixed-strings',
      // -e: a pattern starting with `-` is a pattern, not an option; `--`: nothing after is a
      // revision, and no pathspec means the whole work tree (the open folder).
      '-e',
      query.pattern,
      '--',
    ]
    let result
    try {
      result = await this.git.run(repo, args, {
        onStdout: (chunk) => records.push(chunk),
        signal: stop.signal,
        timeoutMs: 60_000,
        // Parsed as it arrives; what the runner keeps is not read.
        maxOutput: 64 * 1024,
      })
    } catch (error) {
      if (truncated && error instanceof AppError && error.code === 'cancelled') {
        return { matches, truncated: true }
      }
      throw error
    }
    // 0: matches, 1: none; anything else is git refusing the pattern or the repo.
    if (result.code === 0 || result.code === 1) return { matches, truncated }
    const message = result.stderr.trim().replace(/^fatal:\s*/, '')
    if (query.regex && /-e option|regex|regular expression|Unmatched|Invalid/i.test(message)) {
      throw new AppError(
        'bad-request',
        `The pattern is not a valid regular expression: ${message}`,
        {
          hint: 'Fix the pattern, or switch off "Use regular expression" to search for the text as typed.',
        },
      )
    }
    throw new AppError('command-failed', `git grep failed: ${message || `exit ${result.code}`}`, {
      hint: 'Check that the folder is still a git repo, then search again.',
    })
  }
}
