// Where a nix profile points: `PROFILE -> NAME-N-link -> /nix/store/…`. nix-env --set makes the
// next N, so reading the link after it gives the new generation's number.
import { readlink, realpath } from 'node:fs/promises'
import { basename } from 'node:path'

export interface ProfileTarget {
  /** null when the link does not name a generation (or there is no profile yet). */
  generation: number | null
  /** The store path the profile resolves to, or null when there is none. */
  storePath: string | null
}

export async function readProfileTarget(profilePath: string): Promise<ProfileTarget> {
  const [link, storePath] = await Promise.all([
    readlink(profilePath).catch(() => null),
    realpath(profilePath).catch(() => null),
  ])
  const match = link ? /^(.+)-(\d+)-link$/.exec(basename(link)) : null
  const generation = match && match[1] === basename(profilePath) ? Number(match[2]) : null
  return { generation, storePath }
}

/** The store path a result link (`nix build --out-link`, `./result`) points to, or null. */
export async function readResultLink(link: string): Promise<string | null> {
  return realpath(link).catch(() => null)
}
