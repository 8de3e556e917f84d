import { problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/**
 * The branches, tags and recent commits an input can move to. The first time for a repository
 * the core clones its history, which can take a while; read again after the lock changed.
 */
export function useVersionChoices(repo: string, name: string) {
  const query = useCoreQuery(keys.inputVersions(repo, name), 'inputs.versions', { repo, name })
  return {
    choices: query.data ?? null,
    error: problemOf(query.error),
    loading: query.isPending,
  }
}
