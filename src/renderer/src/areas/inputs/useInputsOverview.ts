import { useCallback, useEffect, useRef, useState } from 'react'
import type { InputsOverview } from '../../../../shared/lockfile/schemas'
import type { AppErrorData } from '../../../../shared/errors'
import { call, errorData, subscribe } from '../../api/client'

/** The files whose change on disk changes what the Inputs area shows. */
const watched = new Set(['flake.lock', 'flake.nix'])

export interface OverviewState {
  overview: InputsOverview | null
  error: AppErrorData | null
  /** When it was read (ms): ages and staleness are relative to it. */
  readAt: number
}

/**
 * The flake's inputs as the core reads them, read again when flake.lock or flake.nix changes on
 * disk (an update here, `nix flake update` in a terminal, a git checkout).
 */
export function useInputsOverview(repo: string) {
  const [state, setState] = useState<OverviewState | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  const latest = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const read = useCallback(() => {
    const id = ++latest.current
    return call('inputs.read', { repo })
      .then(
        (overview) => {
          if (id === latest.current) setState({ overview, error: null, readAt: Date.now() })
        },
        (e: unknown) => {
          if (id === latest.current)
            setState({ overview: null, error: errorData(e), readAt: Date.now() })
        },
      )
      .finally(() => {
        if (id === latest.current) setRefreshing(false)
      })
  }, [repo])

  const refresh = useCallback(() => {
    setRefreshing(true)
    return read()
  }, [read])

  useEffect(() => {
    void read()
    const off = subscribe('files.changed', (change) => {
      if (change.repo !== repo || !watched.has(change.path)) return
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void refresh(), 250)
    })
    return () => {
      off()
      if (timer.current) clearTimeout(timer.current)
    }
  }, [repo, read, refresh])

  return {
    overview: state?.overview ?? null,
    error: state?.error ?? null,
    readAt: state?.readAt ?? 0,
    loading: state === null,
    refreshing,
    refresh,
  }
}
