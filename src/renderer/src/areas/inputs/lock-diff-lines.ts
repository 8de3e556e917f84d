// flake.lock's unified diff as rows to render: hunk headers, and each line with its old and new
// line numbers. Parsing is jsdiff's.
import { parsePatch } from 'diff'

export interface DiffRow {
  kind: 'hunk' | 'context' | 'added' | 'removed' | 'note'
  oldLine: number | null
  newLine: number | null
  text: string
}

export function lockDiffRows(unified: string): DiffRow[] {
  if (!unified.trim()) return []
  const rows: DiffRow[] = []
  for (const patch of parsePatch(unified)) {
    for (const hunk of patch.hunks) {
      // Unified diff writes an empty side's start one lower (jsdiff's parse adds it back).
      const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart
      const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart
      rows.push({
        kind: 'hunk',
        oldLine: null,
        newLine: null,
        text: `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`,
      })
      let oldLine = hunk.oldStart
      let newLine = hunk.newStart
      for (const line of hunk.lines) {
        const text = line.slice(1)
        switch (line[0]) {
          case '+':
            rows.push({ kind: 'added', oldLine: null, newLine: newLine++, text })
            break
          case '-':
            rows.push({ kind: 'removed', oldLine: oldLine++, newLine: null, text })
            break
          case '\\':
            rows.push({ kind: 'note', oldLine: null, newLine: null, text: line.slice(2) })
            break
          default:
            rows.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text })
        }
      }
    }
  }
  return rows
}

export function diffCounts(rows: readonly DiffRow[]): { added: number; removed: number } {
  return {
    added: rows.filter((row) => row.kind === 'added').length,
    removed: rows.filter((row) => row.kind === 'removed').length,
  }
}
