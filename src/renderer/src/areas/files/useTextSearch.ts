import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

export interface TextSearchOptions {
  pattern: string
  regex: boolean
  caseSensitive: boolean
}

/** Typing pauses this long before a search starts, so each keystroke does not run git grep. */
const settleMs = 200

const same = (a: TextSearchOptions | null, b: TextSearchOptions) =>
  a !== null &&
  a.pattern === b.pattern &&
  a.regex === b.regex &&
  a.caseSensitive === b.caseSensitive

/**
 * Find in files: the current query's result, searched again when the query or options change
 * (once typing pauses). Each search is a read under its own key, so the answer to a pattern typed
 * before never shows as the answer to the one typed now; the last answer stays on screen while
 * the next is on its way.
 */
export function useTextSearch(repo: string, options: TextSearchOptions) {
  const { pattern, regex, caseSensitive } = options
  const [settled, setSettled] = useState<TextSearchOptions | null>(null)
  useEffect(() => {
    if (!pattern) return
    const timer = setTimeout(() => setSettled({ pattern, regex, caseSensitive }), settleMs)
    return () => clearTimeout(timer)
  }, [pattern, regex, caseSensitive])

  const asked = settled ?? { pattern: '', regex: false, caseSensitive: false }
  const query = useCoreQuery(
    keys.textSearch(repo, asked),
    'files.search',
    { repo, ...asked },
    {
      enabled: asked.pattern !== '',
      placeholderData: keepPreviousData,
      // The files change under a search: the same pattern asked again searches again.
      staleTime: 0,
    },
  )

  const answered = query.data !== undefined || query.error !== null
  const fresh = same(settled, options) && answered && !query.isPlaceholderData
  return {
    searching: pattern !== '' && !fresh,
    result: pattern ? (query.data ?? null) : null,
    error: pattern && fresh ? problemOf(query.error) : null,
  }
}
