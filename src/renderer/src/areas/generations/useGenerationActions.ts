// What the Generations area changes through the core: deleting, pinning and unpinning
// generations, and switching to one. Each is a mutation of the query layer: once it succeeded,
// the viewed profile's reads are read again (the core's generations.changed tells other windows).
import { useCallback } from 'react'
import type { QueryKey } from '@tanstack/react-query'
import type { DeleteSelection } from '../../../../shared/generations/types'
import type { ActivationAction } from '../../../../shared/rebuild/types'
import { problemOf, useCoreMutation } from '../../data/core-query'
import { keys } from '../../data/keys'

/** The reads a change of the viewed profile's generations makes stale. */
export const generationsChanged = (): QueryKey[] => [
  keys.profile('viewed'),
  keys.profiles(),
  keys.boot(),
]

/** A mutation as the dialogs show it: running, failed, done. */
function taskState<T>(mutation: { isPending: boolean; error: unknown; data: T | undefined }) {
  return {
    busy: mutation.isPending,
    failure: problemOf(mutation.error),
    result: mutation.data ?? null,
  }
}

/** Deletes the generations a selection names, then collects garbage if asked. */
export function useDeleteGenerations() {
  const mutation = useCoreMutation('generations.delete', { invalidates: generationsChanged })
  return {
    ...taskState(mutation),
    run: (selection: DeleteSelection, gc: boolean) => mutation.mutate({ selection, gc }),
  }
}

/** Pins a generation with a label (or changes its label); resolves to whether it was pinned. */
export function usePin() {
  const mutation = useCoreMutation('generations.pin', { invalidates: generationsChanged })
  const { mutateAsync } = mutation
  const run = useCallback(
    (number: number, label: string) =>
      mutateAsync({ number, label }).then(
        () => true,
        () => false,
      ),
    [mutateAsync],
  )
  return { ...taskState(mutation), run }
}

/** Lets a pinned generation go (its GC root too); rejects with the core's reason. */
export function useUnpin() {
  const { mutateAsync } = useCoreMutation('generations.unpin', { invalidates: generationsChanged })
  return useCallback(
    async (number: number) => {
      await mutateAsync({ number })
    },
    [mutateAsync],
  )
}

/** How a switch went: the profile moved, or an activation run started (in the Rebuild area). */
export type SwitchOutcome = { kind: 'profile' } | { kind: 'run'; runId: number }

/**
 * Switches the viewed profile to a generation: only the profile link (`profile`), or the link
 * and an activation run recorded under `repo` (`switch`, `boot`). Resolves to null when refused.
 * Serves the contract's `generations.switch` (profile only) and `generations.activate` (with a run).
 */
export function useSwitchGeneration(repo: string) {
  const moving = useCoreMutation('generations.switch', { invalidates: generationsChanged })
  // The run moves the profile once it succeeded: rebuild.finished reads the generations again.
  const activating = useCoreMutation('generations.activate')
  const { mutateAsync: move, reset: resetMove } = moving
  const { mutateAsync: activate, reset: resetActivate } = activating
  const run = useCallback(
    async (number: number, how: 'profile' | ActivationAction): Promise<SwitchOutcome | null> => {
      resetMove()
      resetActivate()
      try {
        if (how === 'profile') {
          await move({ number })
          return { kind: 'profile' }
        }
        const { runId } = await activate({ repo, number, action: how })
        return { kind: 'run', runId }
      } catch {
        return null // the failure shows from the mutation's state
      }
    },
    [repo, move, activate, resetMove, resetActivate],
  )
  return {
    busy: moving.isPending || activating.isPending,
    failure: problemOf(moving.error ?? activating.error),
    run,
  }
}
