// The app's top-level state: what the core reports about itself, and which repo is open.
import { useCallback, useEffect, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { call, connection, errorData, subscribe } from '../api/client'

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
  const [status, setStatus] = useState<AppStatus | null>(null)
  const [statusError, setStatusError] = useState<AppErrorData | null>(null)
  const [repo, setRepo] = useState<RepoInfo | null>(null)
  const [opening, setOpening] = useState(false)
  const [openError, setOpenError] = useState<AppErrorData | null>(null)
  const [previous, setPrevious] = useState<RepoInfo | null>(null)

  const openRepo = useCallback(async (path: string) => {
    setOpening(true)
    setOpenError(null)
    try {
      setRepo(await call('repo.open', { path }))
      return true
    } catch (error) {
      setOpenError(errorData(error))
      return false
    } finally {
      setOpening(false)
    }
  }, [])

  useEffect(() => {
    let cancelled = false
    call('app.status', {}).then(
      (value) => {
        if (cancelled) return
        setStatus(value)
        if (value.initialRepo) void openRepo(value.initialRepo)
      },
      (error: unknown) => !cancelled && setStatusError(errorData(error)),
    )
    return () => {
      cancelled = true
    }
  }, [openRepo])

  // Browser mode, back in touch with the server after it was away (or with a new run): it may
  // not have our repo open, and the page missed its events. Ask again; open edits stay as they are.
  const repoPath = repo?.path ?? null
  const started = status !== null
  useEffect(
    () =>
      connection().onResume(() => {
        void call('app.status', {}).then(
          (value) => {
            setStatus(value)
            setStatusError(null)
            // The repo named on the command line, when the first start never got this far.
            const path = repoPath ?? (started ? null : value.initialRepo)
            if (!path) return
            void openRepo(path).then((opened) => opened && connection().announceResynced())
          },
          (error: unknown) => setStatusError(errorData(error)),
        )
      }),
    [openRepo, repoPath, started],
  )

  useEffect(
    () =>
      subscribe('repo.changed', (info) => {
        setRepo((current) => (current && current.path === info.path ? info : current))
      }),
    [],
  )

  const closeRepo = useCallback(() => {
    setPrevious(repo)
    setRepo(null)
    setOpenError(null)
  }, [repo])

  return { status, statusError, repo, opening, openError, openRepo, closeRepo, previous }
}
