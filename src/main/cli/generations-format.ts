// The human-readable output of `flakedeck generations` and `flakedeck diff`: a table of the
// profile's generations, and a comparison in the style of nvd (a section per kind of change,
// `*` marking the packages the user chose, `.` their dependencies).
import {
  describeVersions,
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
  shortRevision,
} from '../../shared/generations/format'
import type {
  ChangeKind,
  ComparedSystem,
  GenerationComparison,
  GenerationTimeline,
} from '../../shared/generations/types'
import { plural } from '../../shared/plural'
import { relativeTime } from '../../shared/relative-time'

export interface Paint {
  green(text: string): string
  red(text: string): string
  yellow(text: string): string
  blue(text: string): string
  bold(text: string): string
  dim(text: string): string
}

const identity = (text: string) => text
export const noPaint: Paint = {
  green: identity,
  red: identity,
  yellow: identity,
  blue: identity,
  bold: identity,
  dim: identity,
}

const sgr = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`
export const ansiPaint: Paint = {
  green: sgr('32'),
  red: sgr('31'),
  yellow: sgr('33'),
  blue: sgr('34'),
  bold: sgr('1'),
  dim: sgr('2'),
}

/** Colour for a terminal that wants it (NO_COLOR and FORCE_COLOR as everywhere else). */
export function paintFor(env: NodeJS.ProcessEnv, isTTY: boolean): Paint {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return noPaint
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return ansiPaint
  return isTTY && env.TERM !== 'dumb' ? ansiPaint : noPaint
}

/** "2025-11-25 14:03" in local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Left-aligned columns, two spaces apart; `right` names the right-aligned ones. */
function table(
  rows: string[][],
  right: ReadonlySet<number>,
  paintRow?: (i: number, line: string) => string,
) {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)))
  }
  return rows
    .map((row, r) => {
      const line = row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length)
          return right.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad
        })
        .join('  ')
        .trimEnd()
      return paintRow ? paintRow(r, line) : line
    })
    .join('\n')
}

export function formatTimeline(
  timeline: GenerationTimeline,
  now: number,
  paint: Paint = noPaint,
): string {
  const { generations } = timeline
  const count = plural(generations.length, 'generation')
  const current = timeline.currentNumber === null ? '' : `, current ${timeline.currentNumber}`
  const lines = [paint.bold(`Profile ${timeline.profilePath}: ${count}${current}`), '']
  const header = [
    '',
    'Gen',
    'Date',
    'Age',
    'Size',
    'Paths',
    'NixOS',
    'Kernel',
    'Revision',
    'Store path',
  ]
  const rows = generations.map((g) => {
    const flags = g.current ? '>' : g.booted ? 'b' : ' '
    return [
      g.state === 'ok' ? flags : '!',
      String(g.number),
      formatDate(g.date),
      relativeTime(g.date, now),
      g.closureSize === null ? '–' : formatBytes(g.closureSize),
      g.pathCount === null ? '–' : formatCount(g.pathCount),
      g.nixosVersion ?? '–',
      g.kernelVersion ?? '–',
      g.configurationRevision ? shortRevision(g.configurationRevision) : '–',
      g.storePath,
    ]
  })
  lines.push(
    table([header, ...rows], new Set([1, 4, 5]), (r, line) => {
      if (r === 0) return paint.dim(line)
      const g = generations[r - 1]!
      if (g.state !== 'ok') return paint.red(line)
      return g.current ? paint.bold(line) : line
    }),
  )
  lines.push('', paint.dim('> current   b booted (when not current)   ! unusable, see below'))
  const booted = generations.find((g) => g.booted)
  if (booted && !booted.current) lines.push(`Booted: generation ${booted.number}.`)
  else if (booted) lines.push(`Booted: generation ${booted.number} (the current one).`)
  for (const g of generations) {
    if (g.pin) lines.push(paint.blue(`Pinned: generation ${g.number}, "${g.pin.label}".`))
  }
  for (const g of generations) {
    if (g.state !== 'ok') {
      lines.push(paint.red(`Generation ${g.number} is ${g.state}: ${g.problem ?? 'unusable'}`))
    }
  }
  if (timeline.closureProblem) {
    const p = timeline.closureProblem
    lines.push(paint.yellow(`Sizes are missing: ${p.message}${p.hint ? ` ${p.hint}` : ''}`))
  }
  return `${lines.join('\n')}\n`
}

const sections: { kind: ChangeKind; title: string; mark: string }[] = [
  { kind: 'upgraded', title: 'Upgraded', mark: 'U' },
  { kind: 'downgraded', title: 'Downgraded', mark: 'D' },
  { kind: 'added', title: 'Added', mark: 'A' },
  { kind: 'removed', title: 'Removed', mark: 'R' },
  { kind: 'changed', title: 'Changed (same version, new store path)', mark: 'C' },
]

function systemLine(system: ComparedSystem): string {
  return system.number === null
    ? system.storePath
    : `${system.storePath}  (generation ${system.number})`
}

export function formatComparison(comparison: GenerationComparison, paint: Paint = noPaint): string {
  const lines = [
    `${paint.red('<<<')} ${systemLine(comparison.before)}`,
    `${paint.green('>>>')} ${systemLine(comparison.after)}`,
  ]
  const colour: Record<ChangeKind, (t: string) => string> = {
    upgraded: paint.green,
    downgraded: paint.yellow,
    added: paint.green,
    removed: paint.red,
    changed: paint.blue,
  }
  for (const section of sections) {
    const changes = comparison.changes.filter((c) => c.kind === section.kind)
    if (changes.length === 0) continue
    lines.push('', paint.bold(`${section.title}: ${formatCount(changes.length)}`))
    const rows = changes.map((c) => [
      `[${section.mark}${c.selected ? '*' : '.'}]`,
      c.name,
      describeVersions(c),
      formatBytesDelta(c.sizeDelta),
    ])
    const text = table(rows, new Set([3]), (_r, line) => line)
    lines.push(
      ...text.split('\n').map((line) => colour[section.kind](line.slice(0, 4)) + line.slice(4)),
    )
  }
  if (comparison.changes.length === 0) lines.push('', 'No package differs.')
  const t = comparison.totals
  const counts = sections
    .filter((s) => (t.counts[s.kind] ?? 0) > 0)
    .map((s) => `${formatCount(t.counts[s.kind] ?? 0)} ${s.kind}`)
  lines.push(
    '',
    `Closure: ${formatCount(t.oldPathCount)} → ${formatCount(t.newPathCount)} paths (${formatCountDelta(t.pathCountDelta)}), ` +
      `${formatBytes(t.oldSize)} → ${formatBytes(t.newSize)} (${formatBytesDelta(t.sizeDelta)})`,
  )
  if (counts.length > 0) lines.push(`Packages: ${counts.join(', ')}`)
  lines.push(paint.dim("* chosen by you (the system's packages)   . a dependency"))
  return `${lines.join('\n')}\n`
}
