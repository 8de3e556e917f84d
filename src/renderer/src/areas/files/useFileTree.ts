import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { invalidate, problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/**
 * The repo's file list with git status. The query layer keeps it current: a change on disk
 * (files.changed) or in git (repo.changed) invalidates it, and a read asked before the change
 * never overwrites one asked after it.
 */
export function useFileTree(repo: string) {
  const client = useQueryClient()
  const query = useCoreQuery(keys.fileTree(repo), 'files.tree', { repo })
  /** Reads the tree again now (after a change this window made). */
  const refresh = useCallback(
    () => invalidate(client, { queryKey: keys.fileTree(repo) }),
    [client, repo],
  )
  return { tree: query.data ?? null, error: problemOf(query.error), refresh }
}
