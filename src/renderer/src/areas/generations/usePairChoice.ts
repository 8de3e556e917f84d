import { useCallback, useMemo, useState } from 'react'
import type { GenerationTimeline } from '../../../../shared/generations/types'
import { previousGeneration, validPair, type Pair } from './generations-view'

/**
 * The two generations compared: the user's choice while both are usable, else the default pair
 * (the one before the current one, and the current one).
 */
export function usePairChoice(timeline: GenerationTimeline | null) {
  const [chosen, setChosen] = useState<Pair | null>(null)
  const validated = timeline ? validPair(timeline, chosen) : null
  const from = validated?.from ?? null
  const to = validated?.to ?? null
  const pair = useMemo(() => (from !== null && to !== null ? { from, to } : null), [from, to])

  const pick = useCallback(
    (side: 'from' | 'to', number: number) => {
      if (!timeline) return
      const base = validPair(timeline, chosen) ?? { from: number, to: number }
      let next = side === 'from' ? { ...base, from: number } : { ...base, to: number }
      if (next.from === next.to) {
        // Picking the other side's generation swaps them.
        next = side === 'from' ? { from: number, to: base.from } : { from: base.to, to: number }
      }
      setChosen(next)
    },
    [timeline, chosen],
  )
  /** Compares a generation with the one before it. */
  const compareWithPrevious = useCallback(
    (number: number) => {
      if (!timeline) return
      const previous = previousGeneration(timeline, number)
      if (previous) setChosen({ from: previous.number, to: number })
    },
    [timeline],
  )
  const swap = useCallback(() => pair && setChosen({ from: pair.to, to: pair.from }), [pair])
  /** Back to the default pair (another profile is shown). */
  const reset = useCallback(() => setChosen(null), [])
  return { pair, pick, compareWithPrevious, swap, reset }
}

/** The generations ticked in the timeline (for a deletion). */
export function useTicked() {
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set())
  const toggle = useCallback(
    (number: number, on: boolean) =>
      setTicked((set) => {
        const next = new Set(set)
        if (on) next.add(number)
        else next.delete(number)
        return next
      }),
    [],
  )
  const clear = useCallback(() => setTicked(new Set()), [])
  const sorted = useMemo(() => [...ticked].sort((a, b) => a - b), [ticked])
  return { ticked, sorted, toggle, clear }
}
