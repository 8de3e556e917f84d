// A unified line diff, for showing what an update does to flake.lock before it is written. Lock
// changes are local (a few revisions and hashes), so the common head and tail are trimmed first
// and only the middle goes through a longest-common-subsequence table.

export interface DiffOptions {
  oldName?: string
  newName?: string
  context?: number
}

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number }

/** Past this many table cells the middle is shown as one replacement instead. */
const maxTableCells = 4_000_000

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

function middleOps(a: string[], b: string[], aStart: number, bStart: number): Op[] {
  const n = a.length
  const m = b.length
  const ops: Op[] = []
  if (n * m > maxTableCells) {
    a.forEach((text, i) => ops.push({ kind: '-', text, oldLine: aStart + i, newLine: bStart }))
    b.forEach((text, j) => ops.push({ kind: '+', text, oldLine: aStart + n, newLine: bStart + j }))
    return ops
  }
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const width = m + 1
  const lcs = new Uint32Array((n + 1) * width)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!)
    }
  }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]!, oldLine: aStart + i, newLine: bStart + j })
      i++
      j++
    } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      // Removals before additions, as diff(1) shows a replaced line.
      ops.push({ kind: '-', text: a[i]!, oldLine: aStart + i, newLine: bStart + j })
      i++
    } else {
      ops.push({ kind: '+', text: b[j]!, oldLine: aStart + i, newLine: bStart + j })
      j++
    }
  }
  return ops
}

function lineOps(a: string[], b: string[]): Op[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++
  }
  const ops: Op[] = []
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', text: a[k]!, oldLine: k, newLine: k })
  ops.push(...middleOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head, head))
  for (let k = tail; k > 0; k--) {
    ops.push({
      kind: ' ',
      text: a[a.length - k]!,
      oldLine: a.length - k,
      newLine: b.length - k,
    })
  }
  return ops
}

/** A unified diff (`---`/`+++`/`@@` hunks); empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, options: DiffOptions = {}): string {
  if (oldText === newText) return ''
  const context = options.context ?? 3
  const ops = lineOps(splitLines(oldText), splitLines(newText))
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((i) => i >= 0)
  if (changed.length === 0) return ''
  const out = [
    `--- ${options.oldName ?? 'a/flake.lock'}`,
    `+++ ${options.newName ?? 'b/flake.lock'}`,
  ]
  let index = 0
  while (index < changed.length) {
    const start = Math.max(0, changed[index]! - context)
    let end = Math.min(ops.length, changed[index]! + context + 1)
    // Merge changes whose context windows touch into one hunk.
    while (index + 1 < changed.length && changed[index + 1]! - context <= end) {
      index++
      end = Math.min(ops.length, changed[index]! + context + 1)
    }
    const hunk = ops.slice(start, end)
    const first = hunk[0]!
    const oldCount = hunk.filter((op) => op.kind !== '+').length
    const newCount = hunk.filter((op) => op.kind !== '-').length
    const oldStart = oldCount === 0 ? first.oldLine : first.oldLine + 1
    const newStart = newCount === 0 ? first.newLine : first.newLine + 1
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`)
    for (const op of hunk) out.push(`${op.kind}${op.text}`)
    index++
  }
  return out.join('\n') + '\n'
}
