// A prediction's run of `predict.run` for a host and a change, with its progress, a stop and a
// retry. It is a job with progress and cancellation, not a cached read: the core keeps the
// predictions (SQLite), so asking again for the same change is quick.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  PredictChange,
  PredictionResult,
  PredictProgress,
} from '../../../../shared/predict/types'
import { call, errorData, subscribe } from '../../api/client'

/** How a run ended. */
export type PredictionOutcome =
  | { kind: 'done'; result: PredictionResult }
  | { kind: 'failed'; error: AppErrorData }
  | { kind: 'cancelled' }

/**
 * Predicts what `change` does to `host` (null: nothing to predict). A run counts only for the
 * host, attempt and change it was asked for; a newer request, or leaving, cancels it in the core.
 */
export function usePrediction(repo: string, host: string | null, change: PredictChange | null) {
  const [outcome, setOutcome] = useState<{ key: string; outcome: PredictionOutcome } | null>(null)
  const [progress, setProgress] = useState<{ key: string; progress: PredictProgress } | null>(null)
  const [attempt, setAttempt] = useState(0)
  const requestRef = useRef<string | null>(null)
  // By value, so a new but equal change object is no rerun.
  const key = host && change ? JSON.stringify([repo, host, attempt, change]) : null

  useEffect(() => {
    if (!key) return
    const [, asked, , changed] = JSON.parse(key) as [string, string, number, PredictChange]
    const requestId = `predict-${Date.now()}-${Math.random().toString(36).slice(2)}`
    requestRef.current = requestId
    let live = true
    const stop = subscribe('predict.progress', (event) => {
      if (live && event.requestId === requestId) setProgress({ key, progress: event })
    })
    call('predict.run', { repo, host: asked, change: changed, requestId }).then(
      (result) => live && setOutcome({ key, outcome: { kind: 'done', result } }),
      (error: unknown) => {
        if (!live) return
        const data = errorData(error)
        setOutcome({
          key,
          outcome:
            data.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', error: data },
        })
      },
    )
    return () => {
      live = false
      stop()
      void call('predict.cancel', { requestId }).catch(() => undefined)
    }
  }, [repo, key])

  const stop = useCallback(() => {
    const requestId = requestRef.current
    if (requestId) void call('predict.cancel', { requestId }).catch(() => undefined)
  }, [])
  const again = useCallback(() => setAttempt((n) => n + 1), [])
  const run = key && outcome?.key === key ? outcome.outcome : null
  return {
    run,
    running: key !== null && run === null,
    progress: progress && progress.key === key ? progress.progress : null,
    stop,
    again,
  }
}
