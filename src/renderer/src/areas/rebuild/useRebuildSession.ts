// The rebuild of one repo as the Rebuild area sees it: the run on screen (live or from the
// history), its state, progress and outcome, and the terminal feed with batched acks.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  RebuildAction,
  RebuildPlan,
  RebuildProgress,
  RebuildRun,
  RebuildState,
} from '../../../../shared/rebuild/types'
import { call, errorData, subscribe } from '../../api/client'
import type { TerminalFeed } from './TerminalView'

export interface LiveRun {
  runId: number
  host: string
  action: RebuildAction
  plan: RebuildPlan | null
  state: RebuildState | null
  progress: RebuildProgress | null
  finished: RebuildRun | null
}

const ackIntervalMs = 40

export function useRebuildSession(repo: string) {
  const [live, setLive] = useState<LiveRun | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [history, setHistory] = useState<RebuildRun[]>([])
  const runIdRef = useRef<number | null>(null)
  const writers = useRef(new Set<(data: string) => void>())
  const pending = useRef<string[]>([])
  const unacked = useRef(0)
  const ackTimer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const refreshHistory = useCallback(
    () => call('rebuild.list', { repo, limit: 50 }).then(setHistory, () => undefined),
    [repo],
  )

  const follow = useCallback((run: LiveRun) => {
    runIdRef.current = run.runId
    // Output of the new run waits in `pending` until the terminal subscribes to its feed.
    writers.current.clear()
    pending.current = []
    setLive(run)
  }, [])

  useEffect(() => {
    void refreshHistory()
    // A run may already be going (another window started it, or the page reloaded).
    call('rebuild.active', { repo }).then(
      (active) => {
        const run = active[0]
        if (run && runIdRef.current === null) {
          follow({ ...run, plan: null, finished: null })
        }
      },
      () => undefined,
    )
    const offs = [
      subscribe('rebuild.output', ({ runId, data }) => {
        if (runId !== runIdRef.current) return
        if (writers.current.size === 0) pending.current.push(data)
        for (const write of writers.current) write(data)
      }),
      subscribe('rebuild.state', ({ runId, repo: runRepo, state }) => {
        if (runId === runIdRef.current)
          setLive((l) => (l && l.runId === runId ? { ...l, state } : l))
        else if (runRepo === repo && runIdRef.current === null && state.phase !== 'finished') {
          // Started elsewhere: show it here too.
          void call('rebuild.active', { repo }).then((active) => {
            const run = active.find((r) => r.runId === runId)
            if (run && runIdRef.current === null) follow({ ...run, plan: null, finished: null })
          })
        }
      }),
      subscribe('rebuild.progress', ({ runId, progress }) => {
        if (runId === runIdRef.current)
          setLive((l) => (l && l.runId === runId ? { ...l, progress } : l))
      }),
      subscribe('rebuild.finished', ({ runId, run }) => {
        if (runId === runIdRef.current)
          setLive((l) => (l && l.runId === runId ? { ...l, finished: run } : l))
        if (run.repo === repo) void refreshHistory()
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [repo, refreshHistory, follow])

  const flushAcks = useCallback(() => {
    ackTimer.current = null
    const runId = runIdRef.current
    const chars = unacked.current
    unacked.current = 0
    if (runId !== null && chars > 0)
      void call('rebuild.ack', { runId, chars }).catch(() => undefined)
  }, [])

  const liveRunId = live && !live.finished ? live.runId : null
  const feed = useMemo<TerminalFeed | null>(() => {
    if (liveRunId === null) return null
    const runId = liveRunId
    return {
      subscribe(write) {
        writers.current.add(write)
        for (const data of pending.current.splice(0)) write(data)
        return () => writers.current.delete(write)
      },
      ack(chars) {
        unacked.current += chars
        ackTimer.current ??= setTimeout(flushAcks, ackIntervalMs)
      },
      input(data) {
        void call('rebuild.input', { runId, data }).catch(() => undefined)
      },
      resize(cols, rows) {
        void call('rebuild.resize', { runId, cols, rows }).catch(() => undefined)
      },
    }
  }, [liveRunId, flushAcks])

  const start = useCallback(
    async (host: string, action: RebuildAction) => {
      setError(null)
      try {
        const { runId, plan } = await call('rebuild.start', { repo, host, action })
        follow({ runId, host, action, plan, state: null, progress: null, finished: null })
        void refreshHistory()
      } catch (e) {
        setError(errorData(e))
      }
    },
    [repo, follow, refreshHistory],
  )

  const act = useCallback(
    async (method: 'rebuild.cancel' | 'rebuild.confirm' | 'rebuild.decline') => {
      const runId = runIdRef.current
      if (runId === null) return
      try {
        await call(method, { runId })
      } catch (e) {
        setError(errorData(e))
      }
    },
    [],
  )

  /** Shows a past run (its saved output) instead of the live one. */
  const showPast = useCallback(
    async (run: RebuildRun): Promise<string | null> => {
      follow({
        runId: run.id,
        host: run.host,
        action: run.action,
        plan: null,
        state: null,
        progress: null,
        finished: run,
      })
      try {
        return (await call('rebuild.output', { runId: run.id })).output
      } catch {
        return null
      }
    },
    [follow],
  )

  return {
    live,
    feed,
    error,
    clearError: () => setError(null),
    history,
    start,
    cancel: () => act('rebuild.cancel'),
    confirm: () => act('rebuild.confirm'),
    decline: () => act('rebuild.decline'),
    showPast,
  }
}
