// A prediction in one sentence, as the Inputs preview and `flakedeck predict` head it:
// "linux 6.6.30 → 6.6.32 (a reboot is needed), 214 packages upgraded, 1,480 derivations to build,
// 3,100 paths to fetch (1.2 GiB)". Reboot-bound changes come first, then the counts.
import { describeVersions, formatBytes, formatCount } from '../generations/format'
import type { ChangeKind } from '../generations/types'
import type { Prediction } from './types'
import { plural } from '../plural'

const kindOrder: ChangeKind[] = ['upgraded', 'downgraded', 'added', 'removed', 'changed']

const kindWords: Record<ChangeKind, string> = {
  upgraded: 'upgraded',
  downgraded: 'downgraded',
  added: 'added',
  removed: 'removed',
  changed: 'rebuilt at the same version',
}

/** "against generation 42" (or the store path) for a prediction against the running system. */
function runningSystemPrefix(prediction: Prediction): string {
  const running = prediction.runningSystem
  if (!running) return ''
  return running.generation === null
    ? `Against the running system ${running.storePath}: `
    : `Against generation ${running.generation} (the running system): `
}

export function predictionHeadline(prediction: Prediction): string {
  const parts: string[] = []
  for (const change of prediction.system.changes.filter((c) => c.reboot)) {
    parts.push(`${change.name} ${describeVersions(change)} (a reboot is needed)`)
  }
  const counts = prediction.system.totals.counts
  for (const kind of kindOrder) {
    const count = counts[kind] ?? 0
    if (count > 0) parts.push(`${plural(count, 'package', 'packages')} ${kindWords[kind]}`)
  }
  if (prediction.system.changes.length === 0) parts.push('no package of the system changes')
  const realise = prediction.realise
  parts.push(`${plural(realise.toBuild, 'derivation', 'derivations')} to build`)
  if (realise.toFetch === null) {
    parts.push(
      realise.fetchUnknownReason?.startsWith('offline') ? 'fetch unknown offline' : 'fetch unknown',
    )
  } else if (realise.toFetch > 0) {
    const size = realise.downloadBytes === null ? '' : ` (${formatBytes(realise.downloadBytes)})`
    parts.push(`${plural(realise.toFetch, 'path', 'paths')} to fetch${size}`)
  }
  if (prediction.runningSystem && prediction.runningSystem.drvPath === null) {
    parts.push('what only builds it is not compared (its derivation is no longer in the store)')
  }
  return `${runningSystemPrefix(prediction)}${parts.join(', ')}`
}

/** "to build it: 3 derivations change (cc 13.2 → 13.3, …)". */
export function buildOnlySummary(prediction: Prediction, shown = 3): string | null {
  const changes = prediction.buildOnly.changes
  if (changes.length === 0) return null
  const named = changes.slice(0, shown).map((c) => `${c.name} ${describeVersions(c)}`)
  const more = changes.length > shown ? `, ${formatCount(changes.length - shown)} more` : ''
  return `to build it: ${plural(changes.length, 'derivation changes', 'derivations change')} (${named.join(', ')}${more})`
}
