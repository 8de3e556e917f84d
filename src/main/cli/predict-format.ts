// `flakedeck predict` for people: per host a headline, then nvd-style sections (`*` chosen by
// you, `.` a dependency, `?` a guess until the package is built), reboot-bound changes first,
// and what changes only to build the system.
import { describeVersions, formatCount } from '../../shared/generations/format'
import type { ChangeKind } from '../../shared/generations/types'
import { buildOnlySummary, predictionHeadline } from '../../shared/predict/headline'
import type { PredictionResult } from '../../shared/predict/types'
import { noPaint, type Paint } from './generations-format'

const sections: { kind: ChangeKind; title: string; mark: string }[] = [
  { kind: 'upgraded', title: 'Upgraded', mark: 'U' },
  { kind: 'downgraded', title: 'Downgraded', mark: 'D' },
  { kind: 'added', title: 'Added', mark: 'A' },
  { kind: 'removed', title: 'Removed', mark: 'R' },
  { kind: 'changed', title: 'Rebuilt (same version, new store path)', mark: 'C' },
]

function columns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? []
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  )
}

export function formatPrediction(
  entry: { host: string } & PredictionResult,
  paint: Paint = noPaint,
): string {
  const lines = [paint.bold(`Host ${entry.host}`)]
  if (!entry.ok) {
    const { error } = entry
    lines.push(
      `The ${error.side === 'before' ? 'current' : 'proposed'} configuration does not evaluate: ${error.message}`,
    )
    for (const d of error.diagnostics.filter((d) => d.severity === 'error')) {
      if (d.file)
        lines.push(`  at ${d.file}${d.line ? `:${d.line}` : ''}${d.column ? `:${d.column}` : ''}`)
    }
    return `${lines.join('\n')}\n`
  }
  const { prediction } = entry
  lines.push(predictionHeadline(prediction))
  const reboot = prediction.system.changes.filter((c) => c.reboot)
  if (reboot.length > 0) {
    lines.push('', paint.bold(`Needs a reboot: ${formatCount(reboot.length)}`))
    lines.push(...reboot.map((c) => `  ${c.name}  ${describeVersions(c)}`))
  }
  for (const section of sections) {
    const changes = prediction.system.changes.filter((c) => c.kind === section.kind)
    if (changes.length === 0) continue
    lines.push('', paint.bold(`${section.title}: ${formatCount(changes.length)}`))
    lines.push(
      ...columns(
        changes.map((c) => [
          `[${section.mark}${c.selected ? '*' : '.'}${c.sure ? ' ' : '?'}]`,
          c.name,
          describeVersions(c),
        ]),
      ),
    )
  }
  const build = buildOnlySummary(prediction, 5)
  if (build) lines.push('', build)
  if (prediction.realise.fetchUnknownReason)
    lines.push(paint.dim(prediction.realise.fetchUnknownReason))
  lines.push(paint.dim('* chosen by you   . a dependency   ? a guess until it is built'))
  return `${lines.join('\n')}\n`
}
