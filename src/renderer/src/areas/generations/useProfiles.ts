// The profiles the switcher offers (the system's, Home Manager's, the ones added).
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { KnownProfiles } from '../../../../shared/generations/care-types'
import { call } from '../../api/client'
import { useCoreMutation, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/** The known profiles; null while unknown or when they cannot be read (the switcher is a
 * convenience: without it the area still shows the viewed profile). */
export function useProfiles() {
  const client = useQueryClient()
  const query = useCoreQuery(keys.profiles(), 'generations.profiles', {})
  // The core answers a change with the new list.
  const known = (answer: KnownProfiles) => client.setQueryData(keys.profiles(), answer)
  const { mutateAsync: adding } = useCoreMutation('generations.addProfile', {
    onSuccess: known,
    invalidates: () => [keys.profile('viewed')],
  })
  const { mutateAsync: removing } = useCoreMutation('generations.removeProfile', {
    onSuccess: known,
  })
  /** Adds a profile and shows it; refused (with the reason) when it has no generations. */
  const add = useCallback(
    async (path: string) => (await adding({ path, view: true })).viewed,
    [adding],
  )
  /** Takes an added profile off the list (the profile itself stays). */
  const remove = useCallback(
    async (path: string) => {
      await removing({ path })
    },
    [removing],
  )
  return { profiles: query.isError ? null : (query.data ?? null), add, remove }
}

/** A folder the user picks with the desktop's dialog (null: cancelled, or no such dialog). */
export function pickFolder(): Promise<string | null> {
  return call('shell.pickFolder', {}).catch(() => null)
}
