import { useCallback, useState } from 'react'
import type { AppErrorData } from '../../../shared/errors'
import { call, errorData } from '../api/client'

/** The desktop app's folder picker: the chosen folder, or null when the user cancelled. */
export function usePickFolder() {
  const [error, setError] = useState<AppErrorData | null>(null)
  const pick = useCallback(async (): Promise<string | null> => {
    setError(null)
    try {
      return await call('shell.pickFolder', {})
    } catch (e) {
      setError(errorData(e))
      return null
    }
  }, [])
  return { pick, error, clearError: () => setError(null) }
}
