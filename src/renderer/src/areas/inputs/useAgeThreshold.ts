import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import { defaultStaleAfterDays } from '../../../../shared/lockfile/input-age'
import { errorData } from '../../api/client'
import { useSettings } from '../../data/useSettings'

const saveDelayMs = 400

/**
 * The input-age threshold (settings.inputAgeWarningDays, from the settings every area shares):
 * shown at once when changed, saved to the settings a moment after the user stops typing (or
 * when the area closes first).
 */
export function useAgeThreshold() {
  const { settings, error: readError, change } = useSettings()
  /** A value typed and not saved yet, shown instead of the setting. */
  const [typed, setTyped] = useState<number | null>(null)
  const [saveError, setSaveError] = useState<AppErrorData | null>(null)
  const [errorClosed, setErrorClosed] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const pending = useRef<number | null>(null)
  const changeRef = useRef(change)
  useEffect(() => {
    changeRef.current = change
  })

  const save = useCallback(() => {
    const value = pending.current
    pending.current = null
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    if (value === null) return
    changeRef.current({ inputAgeWarningDays: value }).then(
      () => {
        setSaveError(null)
        // Saved: the setting shows it now (and any later change from another window).
        if (pending.current === null) setTyped(null)
      },
      (e: unknown) => setSaveError(errorData(e)),
    )
  }, [])

  // Leaving the area saves what was typed.
  useEffect(() => () => save(), [save])

  const setDays = useCallback(
    (value: number) => {
      setTyped(value)
      setErrorClosed(false)
      pending.current = value
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(save, saveDelayMs)
    },
    [save],
  )

  const error = errorClosed ? null : (saveError ?? readError)
  return {
    days: typed ?? settings?.inputAgeWarningDays ?? (readError ? defaultStaleAfterDays : null),
    setDays,
    error,
    clearError: () => {
      setSaveError(null)
      setErrorClosed(true)
    },
  }
}
