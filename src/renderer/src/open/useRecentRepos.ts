import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useCoreMutation, useCoreQuery } from '../data/core-query'
import { keys } from '../data/keys'

/** The repos opened before, newest first, and taking one off the list. */
export function useRecentRepos() {
  const client = useQueryClient()
  const query = useCoreQuery(keys.recentRepos(), 'repo.recent', {})
  const { mutateAsync } = useCoreMutation('repo.forget', {
    // The core answers with the list as it is now.
    onSuccess: (recent) => client.setQueryData(keys.recentRepos(), recent),
  })
  const forget = useCallback(
    async (path: string) => void (await mutateAsync({ path })),
    [mutateAsync],
  )
  // The list is a convenience: without it the screen still opens a typed path.
  return { recent: query.data ?? [], forget }
}
