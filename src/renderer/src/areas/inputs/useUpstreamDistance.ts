import { useEffect, useState } from 'react'
import type { UpstreamDistance } from '../../../../shared/lockfile/schemas'
import { call } from '../../api/client'

/**
 * How far the input's lock is behind its branch upstream (from the core's cached clone), or
 * null while unknown or not comparable (a tag, no network): then only the lock's age speaks.
 * `lockedRev` is part of the key, so a pin or an update asks again.
 */
export function useUpstreamDistance(
  repo: string,
  name: string,
  lockedRev: string | null,
  enabled: boolean,
): UpstreamDistance | null {
  const [answer, setAnswer] = useState<{ key: string; value: UpstreamDistance | null } | null>(null)
  const key = `${repo}\n${name}\n${lockedRev ?? ''}`
  useEffect(() => {
    if (!enabled || !lockedRev) return
    let live = true
    call('inputs.upstreamDistance', { repo, name }).then(
      (value) => live && setAnswer({ key, value }),
      () => live && setAnswer({ key, value: null }),
    )
    return () => {
      live = false
    }
  }, [repo, name, lockedRev, enabled, key])
  return enabled && answer?.key === key ? answer.value : null
}

/** "12 commits behind nixos-unstable", "at the newest commit of main". */
export function distanceText(d: UpstreamDistance): string {
  const branch = d.branch ?? 'its branch'
  if (d.behind === 0 && d.ahead === 0) return `at the newest commit of ${branch}`
  if (d.behind === 0) return `${d.ahead} commit${d.ahead === 1 ? '' : 's'} ahead of ${branch}`
  return `${d.behind} commit${d.behind === 1 ? '' : 's'} behind ${branch}`
}
