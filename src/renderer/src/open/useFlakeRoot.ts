import { useCoreQuery } from '../data/core-query'
import { keys } from '../data/keys'

/** The folder of the flake `path` lies in (its nearest parent with flake.nix in its git repo). */
export function useFlakeRoot(path: string): string | null {
  const query = useCoreQuery(keys.flakeRoot(path), 'repo.findFlake', { path })
  // Not found, or not asked successfully: nothing is offered.
  return query.data?.flakeRoot ?? null
}
