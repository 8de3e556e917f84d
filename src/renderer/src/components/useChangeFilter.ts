import { useDeferredValue, useMemo, useState } from 'react'
import type { PackageChange } from '../../../shared/generations/types'
import { filterChanges, kindCounts, type ChangeFilter } from './change-filter'

/**
 * A filter over a list of package changes and what it leaves. The list follows the filter a
 * moment later (a deferred value), so typing in the search stays quick over thousands of rows.
 */
export function useChangeFilter(changes: readonly PackageChange[], initial: ChangeFilter) {
  const [filter, setFilter] = useState<ChangeFilter>(initial)
  const deferred = useDeferredValue(filter)
  const shown = useMemo(() => filterChanges(changes, deferred), [changes, deferred])
  const counts = useMemo(() => kindCounts(changes), [changes])
  return { filter, setFilter, shown, counts }
}
