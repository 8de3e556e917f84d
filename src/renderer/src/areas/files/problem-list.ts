// The Problems list: syntax problems of the open tabs, then what checking a host found. A syntax
// error of an open file is found by both (the parse of the buffer and the host's evaluation):
// it is listed once.
import type { Diagnostic } from '../../../../shared/contract'

const place = (d: Diagnostic) =>
  `${d.severity}\0${d.file ?? ''}\0${d.line ?? ''}\0${d.column ?? ''}`

export function mergeProblems(
  parsed: readonly Diagnostic[],
  evaluated: readonly Diagnostic[],
): Diagnostic[] {
  const seen = new Set<string>()
  const merged: Diagnostic[] = []
  for (const d of [...parsed, ...evaluated]) {
    // Problems without a place are told apart by their message.
    const key = d.file === null || d.line === null ? `${place(d)}\0${d.message}` : place(d)
    if (seen.has(key)) continue
    seen.add(key)
    merged.push(d)
  }
  return merged
}
