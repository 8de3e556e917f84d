// The clean-up's data: the plan for a keep-policy, asked of the core as the policy settles, the
// progress of a running clean-up, and the clean-up itself.
import { useEffect, useState } from 'react'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupProgress,
} from '../../../../shared/generations/care-types'
import { subscribe } from '../../api/client'
import { problemOf, useCoreMutation, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { generationsChanged } from './useGenerationActions'

/** `value`, once it has stopped changing for `ms` (null until then). */
function useSettled<T>(value: T, ms: number): T | null {
  const [settled, setSettled] = useState<T | null>(null)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** The plan for `policy` (null: none asked); a plan for another policy is never shown. */
export function useCleanupPlan(policy: CleanupPolicy | null) {
  const key = policy ? JSON.stringify(policy) : null
  // Typing 1, 14 asks once, for 14.
  const settled = useSettled(key, 250)
  const asked = settled === key && key !== null ? (JSON.parse(key) as CleanupPolicy) : null
  const query = useCoreQuery(
    keys.cleanupPlan('viewed', settled),
    'generations.cleanupPlan',
    { policy: asked ?? { keep: null, keepSinceDays: null } },
    { enabled: asked !== null },
  )
  return {
    plan: asked ? (query.data ?? null) : null,
    error: asked ? problemOf(query.error) : null,
  }
}

/** The progress of the clean-up of `profilePath` while it runs. */
export function useCleanupProgress(profilePath: string): CleanupProgress | null {
  const [progress, setProgress] = useState<CleanupProgress | null>(null)
  useEffect(
    () =>
      subscribe('generations.cleanupProgress', (p) => {
        if (p.profilePath === profilePath) setProgress(p)
      }),
    [profilePath],
  )
  return progress
}

/** Deletes what the plan said goes and collects garbage; refused if the generations changed. */
export function useCleanupRun() {
  const mutation = useCoreMutation('generations.cleanup', { invalidates: generationsChanged })
  return {
    busy: mutation.isPending,
    failure: problemOf(mutation.error),
    result: mutation.data ?? null,
    run: (policy: CleanupPolicy, plan: CleanupPlan) =>
      mutation.mutate({ policy, expectedGoes: plan.goes }),
  }
}
