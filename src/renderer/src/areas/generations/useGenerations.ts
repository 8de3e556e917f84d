// Data for the Generations area: the timeline of the profile set in the settings, the comparison
// of the chosen pair, and the config source diff between their commits. Each request is keyed,
// and an answer counts only for the key it was asked for, so a slow nix call never overwrites a
// newer choice; "loading" is a key without its answer yet.
import { useCallback, useEffect, useState } from 'react'
import type { MethodOutput, SourceDiff } from '../../../../shared/contract'
import { isAppErrorData, type AppErrorData } from '../../../../shared/errors'
import type { GenerationComparison, GenerationTimeline } from '../../../../shared/generations/types'
import { call, errorData } from '../../api/client'
import type { Pair } from './generations-view'

interface Answer<T> {
  key: string
  value: T | null
  error: AppErrorData | null
  /** When the answer came, in ms since the epoch. */
  at: number
}

/** Runs `load` whenever `key` changes (null: nothing to load); the answer remembers its key. */
function useKeyedCall<T>(key: string | null, load: () => Promise<T>) {
  const [answer, setAnswer] = useState<Answer<T> | null>(null)
  useEffect(() => {
    if (key === null) return
    let live = true
    load().then(
      (value) => live && setAnswer({ key, value, error: null, at: Date.now() }),
      (error: unknown) =>
        live && setAnswer({ key, value: null, error: errorData(error), at: Date.now() }),
    )
    return () => {
      live = false
    }
    // `load` is rebuilt on each render; the key says when it must run again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const current = answer !== null && answer.key === key ? answer : null
  return {
    value: current?.value ?? null,
    error: current?.error ?? null,
    loading: key !== null && current === null,
    /** The last answer, even for an older key: shown while a refresh runs. */
    last: answer,
  }
}

/** The timeline and the profile it is read from; `reload` reads both again. */
export function useTimeline() {
  const [round, setRound] = useState(0)
  const timeline = useKeyedCall(`timeline-${round}`, () => call('generations.list', {}))
  const settings = useKeyedCall(`settings-${round}`, () => call('settings.get', {}))
  const reload = useCallback(() => setRound((r) => r + 1), [])
  const setProfile = useCallback(
    async (profilePath: string) => {
      await call('settings.set', { profilePath })
      reload()
    },
    [reload],
  )
  const shown = timeline.value ?? (timeline.loading ? (timeline.last?.value ?? null) : null)
  return {
    /** The timeline, or while reloading the previous one. */
    timeline: shown as GenerationTimeline | null,
    error: timeline.error,
    loading: timeline.loading,
    round,
    /** When the shown timeline was read: the "now" its relative dates are counted from. */
    readAt: timeline.last?.at ?? 0,
    profilePath: settings.value?.profilePath ?? settings.last?.value?.profilePath ?? null,
    rebuildMode: settings.value?.rebuildMode ?? settings.last?.value?.rebuildMode ?? null,
    reload,
    setProfile,
  }
}

/** The comparison of a pair; `round` re-asks after the profile changed. */
export function useComparison(pair: Pair | null, round: number) {
  const key = pair ? `${round}:${pair.from}:${pair.to}` : null
  const result = useKeyedCall(key, () =>
    call('generations.compare', { before: pair!.from, after: pair!.to }),
  )
  return {
    comparison: result.value as GenerationComparison | null,
    error: result.error,
    loading: result.loading,
  }
}

/**
 * The commands that would switch to generation `number` and activate it, or why it cannot be
 * activated (null `number`: none asked).
 */
export function useActivationPlan(number: number | null, round: number) {
  const key = number === null ? null : `${round}:${number}`
  const result = useKeyedCall(key, () =>
    call('generations.activationPlan', { number: number!, action: 'switch' }),
  )
  const answer = result.value as MethodOutput<'generations.activationPlan'> | null
  return {
    activation: answer && 'plan' in answer ? answer : null,
    error: answer && 'refused' in answer ? refusal(answer.refused) : result.error,
    loading: result.loading,
  }
}

/** The core's reason as the page's error data (an unknown code reads as an internal one). */
function refusal(data: { code: string; message: string; hint?: string; details?: string }) {
  return isAppErrorData(data) ? data : errorData(new Error(data.message))
}

/** The config source diff between two commits of the open repo (null: none asked). */
export function useSourceDiff(repo: string, revisions: { from: string; to: string } | null) {
  const key = revisions ? `${repo}:${revisions.from}:${revisions.to}` : null
  const result = useKeyedCall(key, () =>
    call('generations.sourceDiff', { repo, from: revisions!.from, to: revisions!.to }),
  )
  return {
    diff: result.value as SourceDiff | null,
    error: result.error,
    loading: result.loading,
  }
}
