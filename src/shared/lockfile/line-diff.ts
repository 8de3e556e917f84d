// A unified line diff, for showing what an update does to flake.lock before it is written. The
// diffing and the patch format are jsdiff's (the `diff` package); this module only fixes the
// file names, the context and what an unchanged file gives.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from 'diff'

export interface DiffOptions {
  oldName?: string
  newName?: string
  context?: number
}

/**
 * Past this many edits, or this long, jsdiff stops looking for the shortest diff (its cost grows
 * with the square of the edits); the texts are then shown as one replacement, which is what a
 * diff that large amounts to for a reader anyway. Lock updates change a few dozen lines.
 */
const maxEditLength = 4_000
const timeoutMs = 1_000

function lines(text: string): string[] {
  if (text === '') return []
  const all = text.split('\n')
  if (all[all.length - 1] === '') all.pop()
  return all
}

function wholeReplacement(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
): StructuredPatch {
  const removed = lines(oldText)
  const added = lines(newText)
  return {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [
      {
        oldStart: 1,
        oldLines: removed.length,
        newStart: 1,
        newLines: added.length,
        lines: [...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)],
      },
    ],
  }
}

/** A unified diff (`---`/`+++`/`@@` hunks); empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, options: DiffOptions = {}): string {
  if (oldText === newText) return ''
  const oldName = options.oldName ?? 'a/flake.lock'
  const newName = options.newName ?? 'b/flake.lock'
  const patch =
    structuredPatch(oldName, newName, oldText, newText, undefined, undefined, {
      context: options.context ?? 3,
      maxEditLength,
      timeout: timeoutMs,
    }) ?? wholeReplacement(oldName, newName, oldText, newText)
  if (patch.hunks.length === 0) return ''
  return formatPatch(patch, FILE_HEADERS_ONLY)
}
