// The quickest way to compare two systems in a fresh process (the `flakedeck diff` command):
// both closures straight from the store's database, no Flakedeck database opened at all. Null
// when the store's database cannot answer; the caller then takes the regular path (the closure
// cache and nix path-info).
import type { ClosureDiff } from '../../../shared/generations/types'
import { swPathOf } from './sw-path'
import { diffSystemClosures, throwInvalidSystem } from './generation-refs'
import { locateStoreDatabase, StoreDatabase } from './store-database'

export async function diffFromStoreDatabase(
  env: NodeJS.ProcessEnv,
  before: string,
  after: string,
): Promise<ClosureDiff | null> {
  const location = locateStoreDatabase(env)
  if (!location) return null
  const requests = await Promise.all(
    [before, after].map(async (toplevel) => ({ toplevel, sw: await swPathOf(toplevel) })),
  )
  const answer = new StoreDatabase(location).closures(requests)
  if (!answer) return null
  const closureOf = (storePath: string) =>
    answer.closures.find((c) => c.toplevel === storePath) ??
    throwInvalidSystem(storePath, `${storePath} is not a valid store path.`)
  return diffSystemClosures(closureOf(before), closureOf(after))
}
