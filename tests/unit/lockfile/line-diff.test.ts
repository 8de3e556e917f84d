import { parsePatch } from 'diff'
import { describe, expect, test } from 'vitest'
import { unifiedDiff } from '../../../src/shared/lockfile/line-diff'

const numbered = (n: number, prefix = 'line') =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`)
const text = (lines: string[]) => lines.join('\n') + '\n'

describe('unifiedDiff', () => {
  test('equal texts give nothing', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('')
    expect(unifiedDiff('', '')).toBe('')
  })

  test('hunks with three lines of context and correct ranges', () => {
    const oldText = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n'
    const newText = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11'].join('\n') + '\n'
    expect(unifiedDiff(oldText, newText)).toBe(
      [
        '--- a/flake.lock',
        '+++ b/flake.lock',
        '@@ -2,9 +2,10 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        ' 9',
        ' 10',
        '+11',
        '',
      ].join('\n'),
    )
  })

  test('far-apart changes make separate hunks', () => {
    const lines = numbered(30)
    const changedLines = [...lines]
    changedLines[1] = 'changed 2'
    changedLines[25] = 'changed 26'
    const diff = unifiedDiff(text(lines), text(changedLines))
    expect(diff.match(/^@@/gm)).toHaveLength(2)
    expect(diff).toContain('@@ -1,5 +1,5 @@')
    expect(diff).toContain('@@ -23,7 +23,7 @@')
  })

  test('names the files and takes another context', () => {
    const lines = numbered(20)
    const changedLines = [...lines]
    changedLines[9] = 'changed 10'
    const diff = unifiedDiff(text(lines), text(changedLines), {
      oldName: 'HEAD:flake.lock',
      newName: 'flake.lock',
      context: 1,
    })
    expect(diff.split('\n').slice(0, 3)).toEqual([
      '--- HEAD:flake.lock',
      '+++ flake.lock',
      '@@ -9,3 +9,3 @@',
    ])
  })

  test('a file that appears or goes away', () => {
    expect(unifiedDiff('', 'a\nb\n')).toBe(
      '--- a/flake.lock\n+++ b/flake.lock\n@@ -0,0 +1,2 @@\n+a\n+b\n',
    )
    expect(unifiedDiff('a\n', '')).toBe('--- a/flake.lock\n+++ b/flake.lock\n@@ -1,1 +0,0 @@\n-a\n')
  })

  test('a missing final newline is marked as diff(1) marks it', () => {
    expect(unifiedDiff('a\nb', 'a\nc')).toBe(
      [
        '--- a/flake.lock',
        '+++ b/flake.lock',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '\\ No newline at end of file',
        '+c',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    )
  })

  test('a rewrite too large to diff quickly is one replacement hunk, and still a valid patch', () => {
    const oldLines = numbered(6000, 'old')
    const newLines = numbered(6000, 'new')
    const started = Date.now()
    const diff = unifiedDiff(text(oldLines), text(newLines))
    expect(Date.now() - started).toBeLessThan(10_000)
    const [patch] = parsePatch(diff)
    expect(patch?.hunks).toHaveLength(1)
    expect(patch?.hunks[0]).toMatchObject({
      oldStart: 1,
      oldLines: 6000,
      newStart: 1,
      newLines: 6000,
    })
    expect(diff.split('\n').filter((l) => l.startsWith('-old')).length).toBe(6000)
  })
})
