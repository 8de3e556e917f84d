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
 * Where a run is: its newest step, and what each evaluation (both run at once) said last, so
 * both show side by side until the comparison starts.
 */
export interface PredictionProgress {
  latest: PredictProgress
  /** null: not started; '' started, nothing said yet; else nix's last activity for that side. */
  before: string | null
  after: string | null
}

function advance(previous: PredictionProgress | null, event: PredictProgress): PredictionProgress {
  const side = (phase: PredictProgress['phase'], last: string | null) =>
    event.phase === phase ? (event.activity ?? last ?? '') : last
  return {
    latest: event,
    before: side('evaluating-before', previous?.before ?? null),
    after: side('evaluating-after', previous?.after ?? null),
  }
}

/**
 * Predicts what `change` does to `host` (null: nothing to predict). A run counts only for the
 * host, attempt and change it was asked for; a newer request, or leaving, cancels it in the core.
 */
export function usePrediction(repo: string, host: string | null, change: PredictChange | null) {
  const [outcome, setOutcome] = useState<{ key: string; outcome: PredictionOutcome } | null>(null)
  const [progress, setProgress] = useState<{ key: string; progress: PredictionProgress } | null>(
    null,
  )
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
      if (!live || event.requestId !== requestId) return
      setProgress((previous) => ({
        key,
        progress: advance(previous?.key === key ? previous.progress : null, event),
      }))
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
