// The boot menu's data: what the boot loader will show and how full the boot folder is, the
// folder setting, and whether a system's kernel and initrd would fit.
import { useCallback, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { BootFit } from '../../../../shared/generations/care-types'
import { errorData } from '../../api/client'
import { problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { useSettings } from '../../data/useSettings'

/** The boot menu; read again when the folder setting or the generations change (events). */
export function useBoot() {
  const query = useCoreQuery(keys.boot(), 'generations.boot', {})
  const { change } = useSettings()
  const [refused, setRefused] = useState<AppErrorData | null>(null)
  /** Sets the boot folder; true when it was saved. */
  const setBootDir = useCallback(
    async (bootDir: string) => {
      try {
        // The new settings make the boot menu stale (data/settings-cache.ts).
        await change({ bootDir })
        setRefused(null)
        return true
      } catch (error) {
        setRefused(errorData(error))
        return false
      }
    },
    [change],
  )
  return {
    state: query.data ?? null,
    failure: refused ?? problemOf(query.error),
    setBootDir,
  }
}

/** Whether the system at `storePath` fits the boot folder; null while unknown or unreadable
 * (only a warning: when the boot folder cannot be read, the switch says so itself). */
export function useBootFit(storePath: string): BootFit | null {
  return useCoreQuery(keys.bootFit(storePath), 'generations.bootFit', { storePath }).data ?? null
}
