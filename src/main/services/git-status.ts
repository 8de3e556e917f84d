// Reads `git status --porcelain=v1 -z`: one entry a path, with what changed and whether it is
// staged. Renames carry their old path.
import type { GitFileStatus } from '../../shared/contract'

function kindOf(x: string, y: string): GitFileStatus['kind'] {
  if (x === '?' && y === '?') return 'untracked'
  if (x === 'U' || y === 'U' || (x === 'A' && y === 'A') || (x === 'D' && y === 'D'))
    return 'conflicted'
  if (x === 'R' || y === 'R') return 'renamed'
  if (x === 'A') return 'added'
  if (x === 'D' || y === 'D') return 'deleted'
  return 'modified'
}

export function parsePorcelainStatus(output: string): GitFileStatus[] {
  const parts = output.split('\0')
  const result: GitFileStatus[] = []
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!
    if (entry.length < 4) continue
    const x = entry[0]!
    const y = entry[1]!
    const path = entry.slice(3)
    const kind = kindOf(x, y)
    const status: GitFileStatus = {
      path,
      kind,
      staged: x !== ' ' && x !== '?',
      unstaged: y !== ' ',
    }
    if (x === 'R' || x === 'C') {
      status.from = parts[i + 1] ?? null
      i++
    }
    result.push(status)
  }
  return result
}
