// What both find-in-files tools (ripgrep, git grep) hand back is made into the same matches here:
// lines and paths arrive as raw bytes, columns as byte offsets; the editor wants UTF-16
// characters. One set of rules for both tools is what makes their results agree.
import type { TextSearchMatch } from '../../../shared/contract'

/** A matched line longer than this is cut around the match (minified files, lock files). */
const maxPreview = 400

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A file name as text, or null when its bytes are not UTF-8: such a file could not be opened by
 * name from the app, so neither tool reports it.
 */
export function pathText(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return null
  }
}

/**
 * A matched line as a match: `byteColumn` is the 0-based byte offset of the match in `line`.
 * Bytes that are not UTF-8 (a Latin-1 comment) show as U+FFFD, and the column counts them so.
 */
export function lineMatch(
  path: string,
  lineNumber: number,
  line: Buffer,
  byteColumn: number,
): TextSearchMatch {
  let end = line.length
  if (end > 0 && line[end - 1] === 0x0a) end -= 1
  if (end > 0 && line[end - 1] === 0x0d) end -= 1
  const text = line.subarray(0, end).toString('utf8')
  const column = line.subarray(0, Math.min(byteColumn, end)).toString('utf8').length + 1
  return { path, line: lineNumber, ...preview(text, column) }
}

/** The line, cut around the match when long; `column` is 1-based in characters of `text`. */
function preview(line: string, column: number): { text: string; column: number } {
  if (line.length <= maxPreview) return { text: line, column }
  const start = Math.max(0, column - 1 - 100)
  return { text: line.slice(start, start + maxPreview), column: column - start }
}

interface FileMatches {
  /** The path's bytes: results are in git's order, by path bytes. */
  key: Buffer
  matches: TextSearchMatch[]
}

/**
 * The first `limit` matches in git's order (path bytes, then line), whatever order files arrive
 * in: ripgrep searches files in parallel, so its first matches are not git's first ones. Holds
 * at most about twice the limit, so a pattern like `e` over a big repo stays small.
 */
export class FirstMatches {
  private files: FileMatches[] = []
  private count = 0
  private cut = false

  constructor(private readonly limit: number) {}

  /** All matches of one file, in line order. */
  addFile(key: Buffer, matches: TextSearchMatch[]): void {
    if (matches.length === 0) return
    this.files.push({ key, matches })
    this.count += matches.length
    if (this.count > 2 * this.limit) this.trim()
  }

  /** More matches were seen than the limit keeps. */
  get full(): boolean {
    return this.cut || this.count > this.limit
  }

  result(): { matches: TextSearchMatch[]; truncated: boolean } {
    this.trim()
    return { matches: this.files.flatMap((f) => f.matches), truncated: this.cut }
  }

  private trim(): void {
    this.files.sort((a, b) => Buffer.compare(a.key, b.key))
    let kept = 0
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i]!
      if (kept + file.matches.length > this.limit) {
        this.cut = true
        file.matches = file.matches.slice(0, this.limit - kept)
        this.files.length = file.matches.length > 0 ? i + 1 : i
        break
      }
      kept += file.matches.length
    }
    this.count = this.files.reduce((n, f) => n + f.matches.length, 0)
  }
}
