import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import { call, errorData } from '../../api/client'
import { defaultStaleAfterDays } from '../../../../shared/lockfile/input-age'

const saveDelayMs = 400

/**
 * The input-age threshold (settings.inputAgeWarningDays): shown at once when changed, saved to
 * the settings a moment after the user stops typing (or when the area closes first).
 */
export function useAgeThreshold() {
  const [days, setDaysState] = useState<number | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  /** A value typed but not saved yet. */
  const pending = useRef<number | null>(null)

  const save = useCallback(() => {
    const value = pending.current
    pending.current = null
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    if (value === null) return
    call('settings.set', { inputAgeWarningDays: value }).then(
      () => setError(null),
      (e: unknown) => setError(errorData(e)),
    )
  }, [])

  useEffect(() => {
    let live = true
    call('settings.get', {}).then(
      (settings) => {
        if (live) setDaysState(settings.inputAgeWarningDays)
      },
      (e: unknown) => {
        if (!live) return
        setDaysState(defaultStaleAfterDays)
        setError(errorData(e))
      },
    )
    return () => {
      live = false
      save()
    }
  }, [save])

  const setDays = useCallback(
    (value: number) => {
      setDaysState(value)
      pending.current = value
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(save, saveDelayMs)
    },
    [save],
  )

  return { days, setDays, error, clearError: () => setError(null) }
}
