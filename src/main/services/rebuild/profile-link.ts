// Where a nix profile points: `PROFILE -> NAME-N-link -> /nix/store/…`. nix-env --set makes the
// next N, so reading the link after it gives the new generation's number.
//
// The links are read without the thread pool: a run reads them between one command's end and
// the next one's start, where each trip through the pool cost about half a millisecond of
// waking up, and reading a local link takes microseconds.
import { readlinkSync, realpathSync } from 'node:fs'
import { basename } from 'node:path'

export interface ProfileTarget {
  /** null when the link does not name a generation (or there is no profile yet). */
  generation: number | null
  /** The store path the profile resolves to, or null when there is none. */
  storePath: string | null
}

export function readProfileTarget(profilePath: string): ProfileTarget {
  const link = orNull(() => readlinkSync(profilePath))
  const storePath = orNull(() => realpathSync(profilePath))
  const match = link ? /^(.+)-(\d+)-link$/.exec(basename(link)) : null
  const generation = match && match[1] === basename(profilePath) ? Number(match[2]) : null
  return { generation, storePath }
}

/** The store path a result link (`nix build --out-link`, `./result`) points to, or null. */
export function readResultLink(link: string): string | null {
  return orNull(() => realpathSync(link))
}

function orNull<T>(read: () => T): T | null {
  try {
    return read()
  } catch {
    return null
  }
}
