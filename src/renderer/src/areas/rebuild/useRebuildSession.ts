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
import { TerminalInput } from './terminal-input'
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
/**
 * Written characters that are acknowledged at once instead of after ackIntervalMs: a full
 * batch of output means the core holds the command back until it hears from us.
 */
const eagerAckChars = 16 * 1024

export function useRebuildSession(repo: string) {
  const [live, setLive] = useState<LiveRun | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [history, setHistory] = useState<RebuildRun[]>([])
  const runIdRef = useRef<number | null>(null)
  /** Whether the run followed is still going (a new run does not take its place). */
  const followingLive = useRef(false)
  const writers = useRef(new Set<(data: string) => void>())
  const pending = useRef<string[]>([])
  const unacked = useRef(0)
  const ackTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // Attaching to a run already going (reload, second window): its output so far is replayed,
  // events before `seqFloor` are in that replay, and the replay's characters are not acked (the
  // core never sent them as events). Events of other runs that arrive while the call is out wait
  // in `early`, since the reply and the events travel separately.
  const seqFloor = useRef(0)
  const replayChars = useRef(0)
  const attaching = useRef(false)
  const early = useRef<{ runId: number; data: string; seq: number }[]>([])

  const refreshHistory = useCallback(
    () => call('rebuild.list', { repo, limit: 50 }).then(setHistory, () => undefined),
    [repo],
  )

  const follow = useCallback((run: LiveRun) => {
    if (runIdRef.current === run.runId && run.finished === null) {
      // Already followed since its first event: keep its output, add what the caller knows.
      setLive((l) => (l && l.runId === run.runId ? { ...l, plan: run.plan ?? l.plan } : run))
      return
    }
    runIdRef.current = run.runId
    followingLive.current = run.finished === null
    seqFloor.current = 0
    replayChars.current = 0
    // Output of the new run waits in `pending` until the terminal subscribes to its feed.
    writers.current.clear()
    pending.current = []
    setLive(run)
  }, [])

  /** Follows the repo's run that is already going, with its output so far. */
  const attach = useCallback(() => {
    if (attaching.current) return
    attaching.current = true
    early.current = []
    call('rebuild.active', { repo })
      .then(
        (active) => {
          const run = active[0]
          if (!run || runIdRef.current !== null) return
          const { output, outputSeq, outputTruncated: _, ...rest } = run
          follow({ ...rest, finished: null })
          const later = early.current.filter((e) => e.runId === run.runId && e.seq >= outputSeq)
          pending.current = [output, ...later.map((e) => e.data)].filter((d) => d !== '')
          replayChars.current = output.length
          seqFloor.current = later.length > 0 ? later[later.length - 1]!.seq + 1 : outputSeq
        },
        () => undefined,
      )
      .finally(() => {
        attaching.current = false
        early.current = []
      })
  }, [repo, follow])

  useEffect(() => {
    void refreshHistory()
    // A run may already be going (another window started it, or the page reloaded).
    attach()
    const offs = [
      subscribe('rebuild.output', ({ runId, data, seq }) => {
        if (runId !== runIdRef.current) {
          if (attaching.current) early.current.push({ runId, data, seq })
          return
        }
        if (seq < seqFloor.current) return
        if (writers.current.size === 0) pending.current.push(data)
        for (const write of writers.current) write(data)
      }),
      subscribe('rebuild.state', ({ runId, repo: runRepo, host, action, state }) => {
        if (runId === runIdRef.current) {
          setLive((l) => (l && l.runId === runId ? { ...l, state } : l))
          return
        }
        // A new run of this repo (started here, by a generation switch, or in another window)
        // is shown from its first event, so none of its output is missed; one already going
        // only when nothing has been shown yet.
        const adopt =
          state.phase === 'starting' ? !followingLive.current : runIdRef.current === null
        if (runRepo === repo && state.phase !== 'finished' && adopt) {
          // One that began before this window saw it comes with its output so far.
          if (state.phase === 'starting') {
            follow({ runId, host, action, plan: null, state, progress: null, finished: null })
          } else attach()
        }
      }),
      subscribe('rebuild.progress', ({ runId, progress }) => {
        if (runId === runIdRef.current)
          setLive((l) => (l && l.runId === runId ? { ...l, progress } : l))
      }),
      subscribe('rebuild.finished', ({ runId, run }) => {
        if (runId === runIdRef.current) {
          followingLive.current = false
          setLive((l) => (l && l.runId === runId ? { ...l, finished: run } : l))
        }
        if (run.repo === repo) void refreshHistory()
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [repo, refreshHistory, follow, attach])

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
    const keys = new TerminalInput(
      (data) => call('rebuild.input', { runId, data }),
      setError,
      errorData,
    )
    return {
      subscribe(write) {
        writers.current.add(write)
        for (const data of pending.current.splice(0)) write(data)
        return () => writers.current.delete(write)
      },
      ack(written) {
        // The replay of an attached run goes first; only what came as events is acked.
        const replayed = Math.min(written, replayChars.current)
        replayChars.current -= replayed
        const chars = written - replayed
        if (chars <= 0) return
        unacked.current += chars
        if (unacked.current >= eagerAckChars) {
          if (ackTimer.current) clearTimeout(ackTimer.current)
          flushAcks()
        } else ackTimer.current ??= setTimeout(flushAcks, ackIntervalMs)
      },
      input(data) {
        keys.type(data)
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
