import { useEffect, useState } from 'react'
import type { TextSearchResult } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { call, errorData } from '../../api/client'

export interface TextSearchOptions {
  pattern: string
  regex: boolean
  caseSensitive: boolean
}

/** Typing pauses this long before a search starts, so each keystroke does not run git grep. */
const settleMs = 200

/** Find in files: the current query's result, searched again when the query or options change. */
export function useTextSearch(repo: string, options: TextSearchOptions) {
  const [result, setResult] = useState<{
    for: TextSearchOptions
    value: TextSearchResult | null
    error: AppErrorData | null
  } | null>(null)
  const { pattern, regex, caseSensitive } = options

  useEffect(() => {
    if (!pattern) return
    let current = true
    const query = { pattern, regex, caseSensitive }
    const timer = setTimeout(() => {
      call('files.search', { repo, ...query }).then(
        (value) => current && setResult({ for: query, value, error: null }),
        (e: unknown) => current && setResult({ for: query, value: null, error: errorData(e) }),
      )
    }, settleMs)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [repo, pattern, regex, caseSensitive])

  const fresh =
    result !== null &&
    result.for.pattern === pattern &&
    result.for.regex === regex &&
    result.for.caseSensitive === caseSensitive
  return {
    searching: pattern !== '' && !fresh,
    result: pattern && result ? result.value : null,
    error: pattern && fresh ? (result?.error ?? null) : null,
  }
}
