// The clean-up's data: the plan for a keep-policy, asked of the core as the policy changes, the
// progress of a running clean-up, and the clean-up itself.
import { useCallback, useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupProgress,
} from '../../../../shared/generations/care-types'
import { call, errorData, subscribe } from '../../api/client'
import { useTask } from '../../components/useTask'

/** The plan for `policy` (null: none asked), and the plan's failure; stale plans are not shown. */
export function useCleanupPlan(policy: CleanupPolicy | null) {
  const key = policy ? JSON.stringify(policy) : null
  const [plan, setPlan] = useState<{ key: string; plan: CleanupPlan } | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  useEffect(() => {
    if (key === null) return
    const asked = JSON.parse(key) as CleanupPolicy
    let live = true
    // Typing 1, 14 asks once, for 14.
    const timer = setTimeout(() => {
      call('generations.cleanupPlan', { policy: asked }).then(
        (answer) => {
          if (!live) return
          setPlan({ key, plan: answer })
          setError(null)
        },
        (e: unknown) => live && setError(errorData(e)),
      )
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [key])
  return { plan: plan && plan.key === key ? plan.plan : null, error }
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
  return useTask(
    useCallback(
      (policy: CleanupPolicy, plan: CleanupPlan) =>
        call('generations.cleanup', { policy, expectedGoes: plan.goes }),
      [],
    ),
  )
}
