// Where a generation keeps the packages its user chose: a NixOS toplevel's `sw` (the system
// path, environment.systemPackages), a Home Manager generation's `home-path`.
import { readlink } from 'node:fs/promises'
import { resolve } from 'node:path'

/** `<toplevel>/sw` (or `home-path`) as the store path it points into, or null. */
export async function swPathOf(toplevel: string): Promise<string | null> {
  for (const name of ['sw', 'home-path']) {
    try {
      const target = resolve(toplevel, await readlink(resolve(toplevel, name)))
      // The store path itself, in case the link points inside one.
      const match = /^(\/.+?\/[0-9a-z]{32}-[^/]+)/.exec(target)
      return match ? match[1]! : target
    } catch {
      // not there (or not a link): try the next
    }
  }
  return null
}
