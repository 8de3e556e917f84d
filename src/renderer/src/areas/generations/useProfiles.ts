// The profiles the switcher offers (the system's, Home Manager's, the ones added) and choosing
// the one the area shows.
import { useCallback, useEffect, useState } from 'react'
import type { KnownProfiles } from '../../../../shared/generations/care-types'
import { call } from '../../api/client'

/** The known profiles, read again with the timeline (`round`); null when they cannot be read. */
export function useProfiles(round: number) {
  const [profiles, setProfiles] = useState<KnownProfiles | null>(null)
  useEffect(() => {
    let live = true
    // The switcher is a convenience: without it the area still shows the viewed profile.
    call('generations.profiles', {}).then(
      (answer) => live && setProfiles(answer),
      () => live && setProfiles(null),
    )
    return () => {
      live = false
    }
  }, [round])
  /** Adds a profile and shows it; refused (with the reason) when it has no generations. */
  const add = useCallback(async (path: string) => {
    const answer = await call('generations.addProfile', { path, view: true })
    setProfiles(answer)
    return answer.viewed
  }, [])
  /** Takes an added profile off the list (the profile itself stays). */
  const remove = useCallback(async (path: string) => {
    setProfiles(await call('generations.removeProfile', { path }))
  }, [])
  return { profiles, add, remove }
}

/** A folder the user picks with the desktop's dialog (null: cancelled, or no such dialog). */
export function pickFolder(): Promise<string | null> {
  return call('shell.pickFolder', {}).catch(() => null)
}
