import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { invalidate, problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/**
 * The flake's inputs as the core reads them, through the query layer: read again when flake.lock
 * or flake.nix changes on disk (an update here, `nix flake update` in a terminal, a git
 * checkout), when the lock is written or committed (inputs.changed, repo.changed), or on
 * request. An answer shows only if it is the newest asked for: a refresh drops one in flight.
 */
export function useInputsOverview(repo: string) {
  const client = useQueryClient()
  const query = useCoreQuery(keys.inputsOverview(repo), 'inputs.read', { repo })
  const refresh = useCallback(
    () => invalidate(client, { queryKey: keys.inputsOverview(repo) }),
    [client, repo],
  )
  return {
    // A failed read shows its failure, not the overview before it.
    overview: query.isError ? null : (query.data ?? null),
    error: problemOf(query.error),
    /** When it was read (ms): ages and staleness are relative to it. */
    readAt: query.dataUpdatedAt || query.errorUpdatedAt,
    loading: query.isPending,
    refreshing: query.isFetching && !query.isPending,
    refresh,
  }
}
