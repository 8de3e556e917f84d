// The full log of a run, a page at a time, and a search over all of it, read through the query
// layer. A running run's log grows, so each ask (a page, Newest, a search) is a read of its own.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { RebuildLogPage } from '../../../../shared/rebuild/types'
import { call } from '../../api/client'
import { problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

export const pageLines = 500
const searchLimit = 200

/** A page of the log: from line `from`, or the newest lines. */
async function readPage(runId: number, from: number | 'end'): Promise<RebuildLogPage> {
  let start = from
  if (start === 'end') {
    const probe = await call('rebuild.log', { runId, from: 1, count: 1 })
    start = Math.max(probe.firstLine, probe.totalLines - pageLines + 1)
  }
  return call('rebuild.log', { runId, from: Math.max(1, start), count: pageLines })
}

export function useRunLog(runId: number) {
  const [ask, setAsk] = useState<{ from: number | 'end'; round: number }>({ from: 'end', round: 0 })
  const [search, setSearch] = useState<{ query: string; round: number } | null>(null)
  const page = useQuery({
    queryKey: keys.runLog(runId, ask.from, ask.round),
    queryFn: () => readPage(runId, ask.from),
    // The page shown stays while the next one is read.
    placeholderData: keepPreviousData,
  })
  const found = useCoreQuery(
    keys.runLogSearch(runId, search?.query ?? '', search?.round ?? 0),
    'rebuild.logSearch',
    { runId, query: search?.query ?? '', limit: searchLimit },
    { enabled: search !== null },
  )
  return {
    page: page.data ?? null,
    found: found.data ?? null,
    error: problemOf(page.error ?? found.error),
    /** Reads the page from line `from`, or the newest lines. */
    load: (from: number | 'end') => setAsk((a) => ({ from, round: a.round + 1 })),
    /** Searches every line kept (again, for a running run). */
    find: (query: string) => setSearch((s) => ({ query, round: (s?.round ?? 0) + 1 })),
  }
}
