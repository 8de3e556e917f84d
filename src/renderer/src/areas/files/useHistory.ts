// The repo's history for the side bar, read through the query layer: the log (read again when
// the repo changes: a commit, a checkout) and one commit's details (a commit never changes, so
// each is read once).
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { invalidate, problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

export function useGitLog(repo: string) {
  const client = useQueryClient()
  const query = useCoreQuery(keys.gitLog(repo), 'git.log', { repo })
  const refresh = useCallback(
    () => invalidate(client, { queryKey: keys.gitLog(repo) }),
    [client, repo],
  )
  return { commits: query.data ?? null, error: problemOf(query.error), refresh }
}

/** The message, files and diff of `hash`; nothing is read while it is null. */
export function useCommitDetails(repo: string, hash: string | null) {
  const query = useCoreQuery(
    keys.commitDetails(repo, hash ?? ''),
    'git.commitDetails',
    { repo, hash: hash ?? '' },
    { enabled: hash !== null },
  )
  return { details: hash === null ? null : (query.data ?? null), error: problemOf(query.error) }
}
