import { describe, expect, test } from 'vitest'
import { unifiedDiff } from '../../../src/shared/lockfile/line-diff'
import { diffCounts, lockDiffRows } from '../../../src/renderer/src/areas/inputs/lock-diff-lines'

const text = (lines: string[]) => lines.join('\n') + '\n'

describe('lockDiffRows', () => {
  test('nothing for an empty diff', () => {
    expect(lockDiffRows('')).toEqual([])
  })

  test('hunk headers, and each line with its old and new number', () => {
    const before = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`)
    const after = [...before]
    after[5] = 'line six'
    after.splice(9, 0, 'inserted')
    const rows = lockDiffRows(unifiedDiff(text(before), text(after)))
    expect(rows[0]).toEqual({
      kind: 'hunk',
      oldLine: null,
      newLine: null,
      text: '@@ -3,10 +3,11 @@',
    })
    expect(rows.slice(1, 6)).toEqual([
      { kind: 'context', oldLine: 3, newLine: 3, text: 'line 3' },
      { kind: 'context', oldLine: 4, newLine: 4, text: 'line 4' },
      { kind: 'context', oldLine: 5, newLine: 5, text: 'line 5' },
      { kind: 'removed', oldLine: 6, newLine: null, text: 'line 6' },
      { kind: 'added', oldLine: null, newLine: 6, text: 'line six' },
    ])
    expect(rows.find((r) => r.text === 'inserted')).toEqual({
      kind: 'added',
      oldLine: null,
      newLine: 10,
      text: 'inserted',
    })
    expect(rows.find((r) => r.text === 'line 10')).toMatchObject({ oldLine: 10, newLine: 11 })
    expect(diffCounts(rows)).toEqual({ added: 2, removed: 1 })
  })

  test('several hunks, an empty side, and the no-newline note', () => {
    const before = Array.from({ length: 30 }, (_, i) => `l${i + 1}`)
    const after = [...before]
    after[1] = 'x2'
    after[25] = 'x26'
    const rows = lockDiffRows(unifiedDiff(text(before), text(after)))
    expect(rows.filter((r) => r.kind === 'hunk').map((r) => r.text)).toEqual([
      '@@ -1,5 +1,5 @@',
      '@@ -23,7 +23,7 @@',
    ])
    expect(lockDiffRows(unifiedDiff('', 'a\n'))).toEqual([
      { kind: 'hunk', oldLine: null, newLine: null, text: '@@ -0,0 +1,1 @@' },
      { kind: 'added', oldLine: null, newLine: 1, text: 'a' },
    ])
    expect(lockDiffRows(unifiedDiff('a\nb', 'a\nc')).filter((r) => r.kind === 'note')).toEqual([
      { kind: 'note', oldLine: null, newLine: null, text: 'No newline at end of file' },
      { kind: 'note', oldLine: null, newLine: null, text: 'No newline at end of file' },
    ])
  })
})
