// The rebuild of one repo as the Rebuild area sees it: the run on screen (live or from the
// history), its state, progress and outcome, and the terminal feed: this window reads the run's
// output at its own pace (rebuild.feed, one read at a time, the next once xterm has drawn the
// last), so a slow window never holds nix back; when it falls behind, the core sends the newest
// lines and how many were skipped.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  RebuildAction,
  RebuildFeedChunk,
  RebuildPlan,
  RebuildProgress,
  RebuildRun,
  RebuildState,
  TerminalSize,
} from '../../../../shared/rebuild/types'
import { call, errorData, subscribe } from '../../api/client'
import { createPhasePacer } from './phase-pacer'
import { createProgressStore } from './run-progress'
import { whileHidden } from './shown-gate'
import { TerminalInput } from './terminal-input'
import { useReadActiveRuns, useReadRunOutput, useRunHistory } from './useRebuildReads'
import type { TerminalChunk, TerminalFeed } from './TerminalView'

export interface LiveRun {
  runId: number
  host: string
  action: RebuildAction
  plan: RebuildPlan | null
  state: RebuildState | null
  finished: RebuildRun | null
}

/** How long one read of the feed waits for output (the core answers as soon as there is some). */
const feedWaitMs = 10_000
/** Pause before reading again after a failed read (the server is away). */
const feedRetryMs = 1_000
/**
 * Least time between two reads: output that comes faster than this is drawn in batches (no one
 * reads 25 screens a second), so the window takes less CPU from the build it shows. Each read
 * that brings output scrolls, so redraws, the whole terminal; a prompt after a quiet moment
 * still comes at once (the read is already waiting for it).
 */
export const feedIntervalMs = 100
/**
 * A run started here is first read this long after its start: a small switch (150 ms) is over
 * before it, and drawing its first lines while its commands ran (each read a redraw and a frame,
 * on the cores the commands need) made it about 8 ms slower through the page. Its lines come
 * once its outcome has been drawn (see wakeAfterOutcome). The first moments of a longer run are
 * nix evaluating; a prompt then comes this late at most (later ones as before).
 */
export const startQuietMs = 300
/**
 * How long a run started here goes before the history is read again to list it as running. The
 * history is read again when a run ends (event-bridge.ts); a read at its start took the server's
 * and the page's time from nix evaluating and building, and a small switch is over before this.
 */
export const historyRunningAfterMs = 2_000
/** How long after its output ended a run's outcome may come before it is read from its record. */
export const outcomeGraceMs = 2_000
/** Runs read to find one whose outcome did not come (one of the repo's newest). */
const endedLookupLength = 20

/** Where this window's terminal starts reading a run: its start, or after an attach's replay. */
interface FeedStart {
  runId: number
  replay: TerminalChunk
  next: number
  nextLine: number
  /** No read before this moment (performance.now()): see startQuietMs. */
  quietUntil: number
}

export function useRebuildSession(repo: string) {
  const [live, setLive] = useState<LiveRun | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const { history, refresh: refreshHistory } = useRunHistory(repo)
  const readActiveRuns = useReadActiveRuns(repo)
  const readRunOutput = useReadRunOutput()
  const runIdRef = useRef<number | null>(null)
  const repoRef = useRef(repo)
  useEffect(() => {
    repoRef.current = repo
  }, [repo])
  /** Whether the run followed is still going (a new run does not take its place). */
  const followingLive = useRef(false)
  /** The live run whose output the terminal reads, and from where. */
  const [feedStart, setFeedStart] = useState<FeedStart | null>(null)
  const attaching = useRef(false)
  /** The followed run's progress, read by the progress panel alone (run-progress.ts). */
  const [progress] = useState(createProgressStore)
  /** The followed run's phases, drawn at most every phaseIntervalMs (phase-pacer.ts). */
  const [phases] = useState(() =>
    createPhasePacer((state) => {
      const runId = runIdRef.current
      setLive((l) => (l && l.runId === runId ? { ...l, state } : l))
    }),
  )
  /** The terminal's size now (TerminalView reports it), sent with a start. */
  const terminalSize = useRef<TerminalSize | null>(null)
  /**
   * The size sent with this window's newest start, until the terminal first sizes that run: a
   * resize to the same size would only repeat it (one request less while a switch is under way).
   */
  const startedSize = useRef<TerminalSize | null>(null)

  /** The run followed has ended as `run` says: drawn with its outcome, no phase after it. */
  const endFollowed = useCallback(
    (runId: number, run: RebuildRun) => {
      followingLive.current = false
      // A phase still waiting to be drawn would come after the end.
      phases.reset()
      setLive((l) =>
        l && l.runId === runId ? { ...l, finished: run, state: endedState(l.state, run) } : l,
      )
    },
    [phases],
  )

  const follow = useCallback(
    (run: LiveRun, runProgress: RebuildProgress | null = null) => {
      if (runIdRef.current === run.runId && run.finished === null) {
        // Already followed since its first event: keep its output, add what the caller knows.
        setLive((l) => (l && l.runId === run.runId ? { ...l, plan: run.plan ?? l.plan } : run))
        if (runProgress) progress.set(runProgress)
        return
      }
      progress.reset(runProgress)
      phases.reset()
      runIdRef.current = run.runId
      followingLive.current = run.finished === null
      setFeedStart(
        run.finished === null
          ? {
              runId: run.runId,
              replay: { data: '', skippedLines: 0 },
              next: 0,
              nextLine: 0,
              quietUntil: performance.now() + startQuietMs,
            }
          : null,
      )
      setLive(run)
    },
    [progress, phases],
  )

  /** Follows the repo's run that is already going, with its output so far. */
  const attach = useCallback(() => {
    if (attaching.current) return
    attaching.current = true
    readActiveRuns()
      .then(
        (active) => {
          const run = active[0]
          if (!run || runIdRef.current !== null) return
          const {
            output,
            outputNext,
            outputNextLine,
            outputSkippedLines,
            progress: runProgress,
            ...rest
          } = run
          follow({ ...rest, finished: null }, runProgress)
          setFeedStart({
            runId: run.runId,
            replay: { data: output, skippedLines: outputSkippedLines },
            next: outputNext,
            nextLine: outputNextLine,
            quietUntil: 0,
          })
        },
        () => undefined,
      )
      .finally(() => {
        attaching.current = false
      })
  }, [readActiveRuns, follow])

  useEffect(() => {
    // A run may already be going (another window started it, or the page reloaded).
    attach()
    const offs = [
      subscribe('rebuild.state', ({ runId, repo: runRepo, host, action, state }) => {
        if (runId === runIdRef.current) {
          // A live run's end comes with its outcome (rebuild.finished), sent right after this:
          // drawn alone, "Finished" took the frame the outcome then had to wait a whole frame
          // after (16 ms of a 150 ms switch).
          if (state.phase !== 'finished' || !followingLive.current) phases.push(state)
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
            follow({ runId, host, action, plan: null, state, finished: null })
          } else attach()
        }
      }),
      subscribe('rebuild.progress', ({ runId, progress: runProgress }) => {
        // Not the session's state: only the progress panel re-renders (run-progress.ts).
        if (runId === runIdRef.current) progress.set(runProgress)
      }),
      subscribe('rebuild.finished', ({ runId, run }) => {
        if (runId === runIdRef.current) {
          // Drawn now, in this task, not after the scheduler's next turn: the outcome is what
          // the user waits for, and a commit a moment later can miss the frame being made.
          flushSync(() => endFollowed(runId, run))
          wakeAfterOutcome(() => {
            if (wakeFeed.current?.runId === runId) wakeFeed.current.wake()
          })
        }
        // The history is read again by the data layer (event-bridge.ts).
      }),
    ]
    return () => {
      offs.forEach((off) => off())
      phases.reset()
    }
  }, [repo, follow, attach, progress, phases, endFollowed])

  /** Ends the wait of the feed's next read (the run has ended: its last lines, now). */
  const wakeFeed = useRef<{ runId: number; wake: () => void } | null>(null)

  /**
   * The run's output has ended: its outcome comes with rebuild.finished at the same moment. Should
   * that event be lost (the socket dropped just then), the outcome is read from the run's record,
   * so the window does not show the run as going on for ever.
   */
  const ended = useRef((runId: number) => {
    const runRepo = repoRef.current
    setTimeout(() => {
      if (runIdRef.current !== runId || !followingLive.current) return
      call('rebuild.list', { repo: runRepo, limit: endedLookupLength })
        .then((runs) => {
          const run = runs.find((r) => r.id === runId)
          if (!run || run.status === 'running') return
          if (runIdRef.current !== runId || !followingLive.current) return
          endFollowed(runId, run)
        })
        .catch(() => undefined)
    }, outcomeGraceMs)
  })

  const feed = useMemo<TerminalFeed | null>(() => {
    if (feedStart === null) return null
    const { runId } = feedStart
    const keys = new TerminalInput(
      (data) => call('rebuild.input', { runId, data }),
      setError,
      errorData,
    )
    return {
      runId,
      subscribe(write, shown) {
        let stopped = false
        let cursor = { next: feedStart.next, nextLine: feedStart.nextLine }
        const show = (chunk: TerminalChunk) =>
          new Promise<void>((resolve) => {
            if (chunk.data === '' && chunk.skippedLines === 0) resolve()
            else write(chunk, resolve)
          })
        const read = async () => {
          await show(feedStart.replay)
          let lastRead = 0
          while (!stopped) {
            const at = Math.max(lastRead + feedIntervalMs, feedStart.quietUntil)
            const wait = at - performance.now()
            if (wait > 0) {
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, wait)
                wakeFeed.current = {
                  runId,
                  wake: () => {
                    clearTimeout(timer)
                    resolve()
                  },
                }
              })
            }
            // A terminal nobody sees draws nothing: it reads on once shown, and skips to the
            // newest lines then (the run never waits for it).
            await (shown ? shown() : whileHidden())
            if (stopped) return
            lastRead = performance.now()
            let chunk: RebuildFeedChunk
            try {
              chunk = await call('rebuild.feed', {
                runId,
                from: cursor.next,
                fromLine: cursor.nextLine,
                waitMs: feedWaitMs,
              })
            } catch (e) {
              if (errorData(e).code === 'not-found') return
              await new Promise((r) => setTimeout(r, feedRetryMs))
              continue
            }
            if (stopped) return
            await show(chunk)
            cursor = chunk
            if (chunk.ended) {
              ended.current(runId)
              return
            }
          }
        }
        void read()
        return () => {
          stopped = true
        }
      },
      input(data) {
        // After the run, keys go nowhere; the terminal stays for reading.
        if (runIdRef.current === runId && followingLive.current) keys.type(data)
      },
      resize(cols, rows) {
        if (runIdRef.current !== runId || !followingLive.current) return
        const sent = startedSize.current
        startedSize.current = null
        if (sent?.cols === cols && sent.rows === rows) return
        void call('rebuild.resize', { runId, cols, rows }).catch(() => undefined)
      },
    }
  }, [feedStart])

  const start = useCallback(
    async (host: string, action: RebuildAction) => {
      setError(null)
      const terminal = terminalSize.current
      startedSize.current = terminal
      try {
        const { runId, plan } = await call('rebuild.start', {
          repo,
          host,
          action,
          ...(terminal ? { terminal } : {}),
        })
        follow({ runId, host, action, plan, state: null, finished: null })
        setTimeout(() => {
          if (runIdRef.current === runId && followingLive.current) void refreshHistory()
        }, historyRunningAfterMs)
      } catch (e) {
        startedSize.current = null
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
        finished: run,
      })
      return readRunOutput(run)
    },
    [follow, readRunOutput],
  )

  return {
    live,
    progress,
    feed,
    error,
    clearError: () => setError(null),
    history,
    start,
    cancel: () => act('rebuild.cancel'),
    confirm: () => act('rebuild.confirm'),
    decline: () => act('rebuild.decline'),
    showPast,
    terminalResized: useCallback((cols: number, rows: number) => {
      terminalSize.current = { cols, rows }
    }, []),
  }
}

/** The state a run ends in, as the core's last state event says it (which this window skips). */
function endedState(state: RebuildState | null, run: RebuildRun): RebuildState | null {
  if (state === null) return null
  return { ...state, phase: 'finished', since: run.endedAt ?? state.since, command: null }
}

/**
 * Runs `wake` once the frame that shows a run's outcome has been made: the terminal's last lines
 * then come in the next one, not in the outcome's (where their drawing made it later).
 */
function wakeAfterOutcome(wake: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(wake, 0)
    return
  }
  requestAnimationFrame(() => setTimeout(wake, 0))
}
