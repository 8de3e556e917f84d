// The internal-json streams captured from real nix builds in a terminal, by nix release series
// (tests/services/rebuild/captured-streams.test.ts writes them).
import { capturedSeries, readCapture, type CapturedSeries } from '../../fixtures/captures'
import {
  NixLogSplitter,
  type NixLogEntry,
  type NixLogItem,
} from '../../../src/shared/rebuild/nix-log-parser'

export const captureNames = [
  'chain-build',
  'failing-build',
  'eval-error',
  'dry-run',
  'substitute',
] as const
export type CaptureName = (typeof captureNames)[number]

export { capturedSeries, type CapturedSeries }

export function captured(name: CaptureName, series: CapturedSeries = '2.8'): string {
  return readCapture(name, series)
}

/** Splits a stream handed over in chunks of `size` characters (the whole at once by default). */
export function split(stream: string, size = stream.length): NixLogItem[] {
  const splitter = new NixLogSplitter()
  const items: NixLogItem[] = []
  for (let i = 0; i < stream.length; i += Math.max(1, size)) {
    items.push(...splitter.push(stream.slice(i, i + size)))
  }
  items.push(...splitter.end())
  return items
}

export function entriesOf(stream: string): NixLogEntry[] {
  return split(stream).flatMap((item) => (item.kind === 'entry' ? [item.entry] : []))
}
