import { useCallback, useEffect, useRef, useState } from 'react'
import type { FileTree } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { call, connection, errorData, subscribe } from '../../api/client'

/** The repo's file list with git status, refreshed when files change on disk. */
export function useFileTree(repo: string) {
  const [tree, setTree] = useState<FileTree | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const refresh = useCallback(
    () =>
      call('files.tree', { repo }).then(
        (value) => {
          setTree(value)
          setError(null)
        },
        (e: unknown) => setError(errorData(e)),
      ),
    [repo],
  )

  useEffect(() => {
    void refresh()
    const off = subscribe('files.changed', (change) => {
      if (change.repo !== repo) return
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void refresh(), 250)
    })
    // Browser mode: changes made while the server was away sent no event.
    const offResynced = connection().onResynced(() => void refresh())
    return () => {
      off()
      offResynced()
      if (timer.current) clearTimeout(timer.current)
    }
  }, [repo, refresh])

  return { tree, error, refresh }
}
