// Reads what `nix-store --realise --dry-run` (and `nix build --dry-run`) print on stderr:
//   these 11 derivations will be built:        (or: this derivation will be built:)
//   these 3 paths will be fetched (1.20 MiB download, 5.40 MiB unpacked):
// nix 2.8 and 2.26 word them alike. A substituter nix could not reach ("unable to download
// '…/nix-cache-info'") means it was left out: what can be fetched is then unknown.
import type { RealiseCounts } from './types'

const units: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
}

function bytes(amount: string | undefined, unit: string | undefined): number | null {
  if (amount === undefined || unit === undefined) return null
  const factor = units[unit]
  return factor === undefined ? null : Math.round(Number(amount) * factor)
}

/** Lines listed under a "will be built:"/"will be fetched" heading. */
function listed(lines: readonly string[], heading: number): number {
  let count = 0
  for (let i = heading + 1; i < lines.length && /^\s+\//.test(lines[i]!); i++) count++
  return count
}

const offlineReason = 'offline: what could be fetched instead of built is unknown'

/** The counts where nix could fetch nothing (see local-realise.ts). */
export function localRealise(toBuild: number, offline: boolean): RealiseCounts {
  return {
    toBuild,
    toFetch: offline ? null : 0,
    downloadBytes: null,
    unpackedBytes: null,
    fetchUnknownReason: offline ? offlineReason : null,
  }
}

export function parseDryRun(stderr: string, offline: boolean): RealiseCounts {
  // eslint-disable-next-line no-control-regex
  const lines = stderr.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n')
  let toBuild = 0
  let toFetch = 0
  let downloadBytes: number | null = null
  let unpackedBytes: number | null = null
  lines.forEach((line, index) => {
    const built = /^(?:these (\d+) derivations|this derivation) will be built:/.exec(line)
    if (built) toBuild = built[1] ? Number(built[1]) : listed(lines, index)
    const fetched =
      /^(?:these (\d+) paths|this path) will be fetched(?: \(([\d.]+) (\w+) download, ([\d.]+) (\w+) unpacked\))?:/.exec(
        line,
      )
    if (fetched) {
      toFetch = fetched[1] ? Number(fetched[1]) : listed(lines, index)
      downloadBytes = bytes(fetched[2], fetched[3])
      unpackedBytes = bytes(fetched[4], fetched[5])
    }
  })
  const unreachable = /unable to download '([^']+)\/nix-cache-info'/.exec(stderr)
  const fetchUnknownReason = offline
    ? offlineReason
    : unreachable
      ? `the binary cache ${unreachable[1]} could not be reached: what could be fetched instead of built is unknown`
      : null
  return fetchUnknownReason
    ? { toBuild, toFetch: null, downloadBytes: null, unpackedBytes: null, fetchUnknownReason }
    : { toBuild, toFetch, downloadBytes, unpackedBytes, fetchUnknownReason: null }
}
