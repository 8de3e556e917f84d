// Turns nix's diagnostics into ones the editor can place: store paths of the repo's own source
// become repo-relative files.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Diagnostic } from '../../../shared/contract'
import { mapToRepo, type NixDiagnostic } from '../../../shared/nix/diagnostics'

export function toRepoDiagnostic(
  diagnostic: NixDiagnostic,
  repo: string,
  sources: readonly string[],
): Diagnostic {
  const exists = (relative: string) => existsSync(join(repo, relative))
  const mapped = mapToRepo(diagnostic.file, repo, sources, exists)
  return {
    severity: diagnostic.severity,
    message: diagnostic.message,
    file: mapped ?? diagnostic.file,
    inRepo: mapped !== null,
    line: diagnostic.line,
    column: diagnostic.column,
    trace: diagnostic.trace.map((frame) => ({
      message: frame.message,
      file: mapToRepo(frame.file, repo, sources, exists) ?? frame.file,
      line: frame.line,
      column: frame.column,
    })),
  }
}
