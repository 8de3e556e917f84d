// What the Generations area changes through the core: deleting, pinning and unpinning
// generations, and switching to one. Each returns its running, failed and done states.
import { useCallback } from 'react'
import type { DeleteSelection } from '../../../../shared/generations/types'
import type { ActivationAction } from '../../../../shared/rebuild/types'
import { call } from '../../api/client'
import { useTask } from '../../components/useTask'

/** Deletes the generations a selection names, then collects garbage if asked. */
export function useDeleteGenerations() {
  return useTask(
    useCallback(
      (selection: DeleteSelection, gc: boolean) => call('generations.delete', { selection, gc }),
      [],
    ),
  )
}

/** Pins a generation with a label (or changes its label). */
export function usePin() {
  return useTask(
    useCallback((number: number, label: string) => call('generations.pin', { number, label }), []),
  )
}

/** Lets a pinned generation go (its GC root too); rejects with the core's reason. */
export function useUnpin() {
  return useCallback(async (number: number) => {
    await call('generations.unpin', { number })
  }, [])
}

/** How a switch went: the profile moved, or an activation run started (in the Rebuild area). */
export type SwitchOutcome = { kind: 'profile' } | { kind: 'run'; runId: number }

/**
 * Switches the viewed profile to a generation: only the profile link (`profile`), or the link
 * and an activation run recorded under `repo` (`switch`, `boot`).
 */
export function useSwitchGeneration(repo: string) {
  return useTask(
    useCallback(
      async (number: number, how: 'profile' | ActivationAction): Promise<SwitchOutcome> => {
        if (how === 'profile') {
          await call('generations.switch', { number })
          return { kind: 'profile' }
        }
        const { runId } = await call('generations.activate', { repo, number, action: how })
        return { kind: 'run', runId }
      },
      [repo],
    ),
  )
}
