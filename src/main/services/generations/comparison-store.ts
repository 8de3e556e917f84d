// Comparisons of two systems kept on disk, one JSON file per pair of store paths, for the
// `flakedeck diff` command: a store path's closure never changes, so neither does what differs
// between two of them, and a second `diff` of the same pair reads one file instead of the
// closures. The file holds the diff's JSON text, which the command prints without parsing it.
// Bump `comparisonFormat` whenever diffClosures' output changes, so old answers are not reused.
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import type { ClosureDiff, ComparedSystem } from '../../../shared/generations/types'

export const comparisonFormat = 1

/** Files kept; the least recently written go first. */
const filesKept = 64

export class ComparisonStore {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'generations', `comparisons-v${comparisonFormat}`)
  }

  private fileFor(before: string, after: string): string {
    const key = createHash('sha256').update(`${before}\n${after}`).digest('hex').slice(0, 40)
    return join(this.dir, `${key}.json`)
  }

  /** The stored diff as JSON text (`{"changes":…,"totals":…}`), or null. */
  readText(before: string, after: string): string | null {
    try {
      const text = readFileSync(this.fileFor(before, after), 'utf8')
      return text.startsWith('{"changes":') && text.endsWith('}') ? text : null
    } catch {
      return null
    }
  }

  /**
   * Stores the diff and returns the JSON text it stored; a failure to write only costs the next
   * run some time.
   */
  write(before: string, after: string, diff: ClosureDiff): string {
    const text = JSON.stringify({ changes: diff.changes, totals: diff.totals })
    try {
      mkdirSync(this.dir, { recursive: true })
      const file = this.fileFor(before, after)
      const temporary = `${file}.${process.pid}.tmp`
      writeFileSync(temporary, text)
      renameSync(temporary, file)
      this.prune()
    } catch {
      // Read-only or full data dir: the comparison is simply not remembered.
    }
    return text
  }

  private prune(): void {
    const files = readdirSync(this.dir).filter((name) => name.endsWith('.json'))
    if (files.length <= filesKept) return
    const dated = files.map((name) => {
      const path = join(this.dir, name)
      return { path, mtime: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0 }
    })
    dated.sort((a, b) => a.mtime - b.mtime)
    for (const { path } of dated.slice(0, dated.length - filesKept)) {
      try {
        unlinkSync(path)
      } catch {
        // Removed by another run meanwhile.
      }
    }
  }
}

/**
 * The comparison's JSON, as `JSON.stringify({ before, after, ...diff })` would write it, built
 * from the stored diff text without parsing it.
 */
export function comparisonJson(
  before: ComparedSystem,
  after: ComparedSystem,
  diffText: string,
): string {
  return `{"before":${JSON.stringify(before)},"after":${JSON.stringify(after)},${diffText.slice(1)}`
}
