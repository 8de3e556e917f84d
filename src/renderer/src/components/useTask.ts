import { useCallback, useState } from 'react'
import type { AppErrorData } from '../../../shared/errors'
import { errorData } from '../api/client'

/**
 * One action a dialog runs and its three states: running, failed (with the core's message) and
 * done (with its answer). A failure can be tried again; the answer stays once it came.
 */
export function useTask<T, A extends unknown[]>(action: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorData | null>(null)
  const [result, setResult] = useState<T | null>(null)
  const run = useCallback(
    async (...args: A): Promise<T | null> => {
      setBusy(true)
      setFailure(null)
      try {
        const answer = await action(...args)
        setResult(answer)
        return answer
      } catch (e) {
        setFailure(errorData(e))
        return null
      } finally {
        setBusy(false)
      }
    },
    [action],
  )
  return { busy, failure, result, run }
}
