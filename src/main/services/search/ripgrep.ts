// Find in files through ripgrep, when it is installed: faster than git grep on a big repo. It
// searches the files git lists (see searchable-files.ts) and answers in JSON lines, where a path
// or line that is not UTF-8 comes as {bytes: base64}. Its binary test differs from git's, so
// ripgrep only reports where it met a NUL and the rule here is git's: a NUL in the first 8000
// bytes makes a file binary, and a binary file is skipped.
import type { TextSearchMatch } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import type { ProcessRunner } from '../process-runner'
import { pathBatches } from './path-batches'
import { searchableFiles } from './searchable-files'
import { FirstMatches, lineMatch, pathText } from './search-match'
import { regexError, type TextSearchQuery } from './text-search-query'

/** Files in the first ripgrep run; each next run takes four times more (see path-batches.ts). */
const firstRunFiles = 64

/** git's buffer_is_binary looks this far for a NUL. */
const gitBinaryProbe = 8000

/** ripgrep's way of giving a path or a line: text when it is UTF-8, base64 bytes otherwise. */
interface RgData {
  text?: string
  bytes?: string
}

interface RgMessage {
  type: string
  data?: {
    path?: RgData
    lines?: RgData
    line_number?: number | null
    submatches?: { start: number }[]
    binary_offset?: number | null
  }
}

function bytesOf(data: RgData | undefined): Buffer | null {
  if (data?.text !== undefined) return Buffer.from(data.text, 'utf8')
  if (data?.bytes !== undefined) return Buffer.from(data.bytes, 'base64')
  return null
}

/** Reads `rg --json` output as it arrives; hands on each file's matches when its "end" comes. */
class RgMessages {
  private buffer = ''
  /** ripgrep got to the end (its closing summary came). */
  finished = false
  private readonly pending = new Map<string, TextSearchMatch[]>()

  constructor(
    private readonly onFile: (key: Buffer, matches: TextSearchMatch[]) => void,
    private readonly onGarbage: (line: string) => void,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk
    let end
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(end + 1)
      if (line.trim()) this.read(line)
    }
  }

  private read(line: string): void {
    let message: RgMessage
    try {
      message = JSON.parse(line) as RgMessage
    } catch {
      this.onGarbage(line)
      return
    }
    if (message.type === 'summary') this.finished = true
    const key = bytesOf(message.data?.path)
    if (!key) return
    const id = key.toString('base64')
    if (message.type === 'match') {
      const path = pathText(key)
      const lineBytes = bytesOf(message.data?.lines)
      if (path === null || !lineBytes) return
      const matches = this.pending.get(id) ?? []
      matches.push(
        lineMatch(
          path,
          message.data?.line_number ?? 0,
          lineBytes,
          message.data?.submatches?.[0]?.start ?? 0,
        ),
      )
      this.pending.set(id, matches)
    } else if (message.type === 'end') {
      const matches = this.pending.get(id) ?? []
      this.pending.delete(id)
      const nul = message.data?.binary_offset
      const binary = nul !== null && nul !== undefined && nul < gitBinaryProbe
      if (!binary) this.onFile(key, matches)
    }
  }
}

export class Ripgrep {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly git: GitService,
    /** The program, as found on PATH. */
    private readonly command: string,
  ) {}

  async search(
    dir: string,
    query: TextSearchQuery,
    limit: number,
  ): Promise<{ matches: TextSearchMatch[]; truncated: boolean }> {
    const files = await searchableFiles(this.git, dir)
    const found = new FirstMatches(limit)
    // The list is in git's order and each run takes the next part of it: once a run has filled
    // the limit, no later file can come before what is kept.
    for (const batch of pathBatches(
      files.map((f) => f.path),
      firstRunFiles,
    )) {
      await this.run(dir, query, batch, found, limit)
      if (found.full) break
    }
    return found.result()
  }

  private async run(
    dir: string,
    query: TextSearchQuery,
    paths: string[],
    found: FirstMatches,
    limit: number,
  ): Promise<void> {
    const garbage: string[] = []
    const messages = new RgMessages(
      (key, matches) => found.addFile(key, matches),
      (line) => garbage.push(line),
    )
    const args = [
      '--json',
      '--no-config', // a user's RIPGREP_CONFIG_PATH must not change what is found
      '--encoding',
      'none', // bytes as they are: a UTF-16 file is binary to git, not transcoded
      query.caseSensitive ? '--case-sensitive' : '--ignore-case',
      ...(query.regex ? [] : ['--fixed-strings']),
      // More lines of one file than the cap cannot all be shown: one more says it is cut.
      '--max-count',
      String(limit + 1),
      '--regexp',
      query.pattern,
      '--',
      ...paths,
    ]
    const result = await this.runner.run(this.command, args, {
      cwd: dir,
      onStdout: (chunk) => messages.push(chunk),
      timeoutMs: 60_000,
      maxOutput: 64 * 1024,
    })
    messages.push('\n')
    // 0: matches, 1: none, 2: an error. A file that went away or cannot be read since git listed
    // it is an error ripgrep reports and searches on, as git grep does; a pattern it cannot
    // compile stops it before any file.
    const stderr = result.stderr.trim()
    if (result.code === 2 && /regex parse error|error parsing regex|size limit/i.test(stderr)) {
      const reason = /^error: (.*)$/m.exec(stderr)?.[1] ?? stderr.split('\n').pop() ?? stderr
      throw regexError(reason)
    }
    if (result.code === 0 || result.code === 1 || (result.code === 2 && messages.finished)) return
    throw new AppError('command-failed', `ripgrep failed: ${stderr || `exit ${result.code}`}`, {
      hint: 'Search again; if it keeps failing, remove ripgrep from PATH to search with git grep.',
      details: garbage.slice(0, 5).join('\n'),
    })
  }
}
