// The boot menu's data: what the boot loader will show and how full the boot folder is, the
// folder setting, and whether a system's kernel and initrd would fit.
import { useCallback, useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { BootFit, BootState } from '../../../../shared/generations/care-types'
import { call, errorData } from '../../api/client'

/** The boot menu, read again with the timeline (`round`) and after the folder changed. */
export function useBoot(round: number) {
  const [state, setState] = useState<BootState | null>(null)
  const [failure, setFailure] = useState<AppErrorData | null>(null)
  const [again, setAgain] = useState(0)
  useEffect(() => {
    let live = true
    call('generations.boot', {}).then(
      (answer) => {
        if (!live) return
        setState(answer)
        setFailure(null)
      },
      (error: unknown) => live && setFailure(errorData(error)),
    )
    return () => {
      live = false
    }
  }, [round, again])
  /** Sets the boot folder; true when it was saved. */
  const setBootDir = useCallback(async (bootDir: string) => {
    try {
      await call('settings.set', { bootDir })
      setAgain((n) => n + 1)
      return true
    } catch (error) {
      setFailure(errorData(error))
      return false
    }
  }, [])
  return { state, failure, setBootDir }
}

/** Whether the system at `storePath` fits the boot folder; null while unknown or unreadable. */
export function useBootFit(storePath: string): BootFit | null {
  const [fit, setFit] = useState<{ storePath: string; fit: BootFit } | null>(null)
  useEffect(() => {
    let live = true
    // Only a warning: when the boot folder cannot be read, the switch says so itself.
    call('generations.bootFit', { storePath }).then(
      (answer) => live && setFit({ storePath, fit: answer }),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [storePath])
  return fit?.storePath === storePath ? fit.fit : null
}
