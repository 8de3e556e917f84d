// The app's top-level state: what the core reports about itself, and which repo is open. Both are
// reads of the query layer (app.status; the open repo's info, kept current by repo.changed).
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { call, connection } from '../api/client'
import { problemOf, useCoreMutation, useCoreQuery } from '../data/core-query'
import { keys } from '../data/keys'

export interface AppState {
  status: AppStatus | null
  statusError: AppErrorData | null
  repo: RepoInfo | null
  opening: boolean
  openError: AppErrorData | null
  openRepo(path: string): Promise<boolean>
  closeRepo(): void
  /** The repo closed with "Open another…": the open screen offers the way back to it. */
  previous: RepoInfo | null
}

export function useAppState(): AppState {
  const client = useQueryClient()
  const status = useCoreQuery(keys.appStatus(), 'app.status', {})
  const [repoPath, setRepoPath] = useState<string | null>(null)
  const [previous, setPrevious] = useState<RepoInfo | null>(null)
  // The open repo's info: put in the cache by opening it, replaced by repo.changed, and asked
  // again (which opens it on the server again) after a reconnect.
  const repoInfo = useCoreQuery(
    keys.repoInfo(repoPath ?? ''),
    'repo.open',
    { path: repoPath ?? '' },
    { enabled: repoPath !== null },
  )
  const opener = useCoreMutation('repo.open', {
    onSuccess: (info) => client.setQueryData(keys.repoInfo(info.path), info),
    invalidates: () => [keys.recentRepos()],
  })
  const { mutateAsync: open, reset: resetOpen } = opener

  const openRepo = useCallback(
    async (path: string) => {
      try {
        setRepoPath((await open({ path })).path)
        return true
      } catch {
        return false // the mutation's error is shown (openError)
      }
    },
    [open],
  )

  // A repo named on the command line (`serve --flake DIR`) opens once the status says so, also
  // when the first start only got this far after the server came back.
  const initialRepo = status.data?.initialRepo ?? null
  const initialTried = useRef(false)
  useEffect(() => {
    if (!initialRepo || initialTried.current) return
    initialTried.current = true
    void openRepo(initialRepo)
  }, [initialRepo, openRepo])

  // Browser mode, back in touch with the server after it was away (or with a new run): it may
  // not have our repo open, and the page missed its events. The data layer reads app.status
  // again (event-bridge.ts); the repo is opened there again here, then the areas refetch.
  useEffect(() => {
    if (repoPath === null) return
    return connection().onResume(() => {
      void client
        .fetchQuery({
          queryKey: keys.repoInfo(repoPath),
          queryFn: () => call('repo.open', { path: repoPath }),
          staleTime: 0,
        })
        .then(
          () => connection().announceResynced(),
          () => undefined, // the server cannot open it now; the next resume tries again
        )
    })
  }, [client, repoPath])

  const repo = repoPath === null ? null : (repoInfo.data ?? null)
  const closeRepo = useCallback(() => {
    setPrevious(repo)
    setRepoPath(null)
    resetOpen()
  }, [repo, resetOpen])

  return {
    status: status.data ?? null,
    statusError: status.data ? null : problemOf(status.error),
    repo,
    opening: opener.isPending,
    openError: problemOf(opener.error),
    openRepo,
    closeRepo,
    previous,
  }
}
