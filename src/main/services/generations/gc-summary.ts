// What a garbage collection freed, as nix reports it.
import type { GcResult } from '../../../shared/generations/types'

const unitBytes: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
}

/** Reads nix's "N store paths deleted, X MiB freed" (older nix always says MiB). */
export function parseGcSummary(output: string): GcResult {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
  const match = /(\d+) store paths? deleted, ([\d.]+) ?(B|KiB|MiB|GiB|TiB|PiB) freed/.exec(text)
  if (!match) return { pathsDeleted: 0, bytesFreed: 0 }
  return {
    pathsDeleted: Number(match[1]),
    bytesFreed: Math.round(Number(match[2]) * (unitBytes[match[3]!] ?? 1)),
  }
}
