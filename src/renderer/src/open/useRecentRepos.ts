import { useCallback, useEffect, useState } from 'react'
import type { RecentRepo } from '../../../shared/contract'
import { call } from '../api/client'

export function useRecentRepos() {
  const [recent, setRecent] = useState<RecentRepo[]>([])
  useEffect(() => {
    call('repo.recent', {}).then(setRecent, () => setRecent([]))
  }, [])
  const forget = useCallback(async (path: string) => {
    setRecent(await call('repo.forget', { path }))
  }, [])
  return { recent, forget }
}
