import type { Dispatch, SetStateAction } from 'react'
import { formatCount } from '../../../shared/generations/format'
import type { ChangeKind } from '../../../shared/generations/types'
import { changeKinds, kindLabels, type ChangeCounts, type ChangeFilter } from './change-filter'

interface Props {
  filter: ChangeFilter
  onChange: Dispatch<SetStateAction<ChangeFilter>>
  counts: ChangeCounts
  /** The group's accessible name ("Filter the changes"). */
  label: string
  /** The search box's accessible name. */
  searchLabel: string
  /** Offer sorting by the size of the change (a prediction knows no sizes). */
  sortable: boolean
}

/**
 * The filter bar over a list of package changes: a chip per kind, the user's own packages only,
 * same-version rebuilds shown or hidden (as nvd hides them), the order, and a search. The
 * Generations comparison and the Inputs prediction both use it, so they filter alike.
 */
export function ChangeFilters({ filter, onChange, counts, label, searchLabel, sortable }: Props) {
  const toggleKind = (kind: ChangeKind) =>
    onChange((f) => {
      const kinds = new Set(f.kinds)
      if (kinds.has(kind)) kinds.delete(kind)
      else kinds.add(kind)
      return { ...f, kinds }
    })
  return (
    <div className="gen-filters" role="group" aria-label={label}>
      {changeKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          className={`gen-kind-chip gen-kind-${kind}${filter.kinds.has(kind) ? ' active' : ''}`}
          aria-pressed={filter.kinds.has(kind)}
          disabled={counts.byKind[kind] === 0}
          onClick={() => toggleKind(kind)}
        >
          {kindLabels[kind]}{' '}
          <span className="gen-chip-count">{formatCount(counts.byKind[kind])}</span>
        </button>
      ))}
      <label
        className="checkbox inline"
        title="Only the packages you chose, not their dependencies"
      >
        <input
          type="checkbox"
          checked={filter.selectedOnly}
          onChange={(e) => onChange((f) => ({ ...f, selectedOnly: e.target.checked }))}
        />
        ★ Chosen only ({formatCount(counts.selected)})
      </label>
      {counts.byKind.changed > 0 && (
        <label
          className="checkbox inline"
          title="Packages rebuilt at the same version (a dependency changed); nvd hides them too"
        >
          <input
            type="checkbox"
            checked={!filter.hideSameVersion}
            onChange={(e) => onChange((f) => ({ ...f, hideSameVersion: !e.target.checked }))}
          />
          Same-version rebuilds ({formatCount(counts.byKind.changed)})
        </label>
      )}
      <span className="status-spacer" />
      {sortable && (
        <select
          aria-label="Sort"
          value={filter.sort}
          onChange={(e) =>
            onChange((f) => ({ ...f, sort: e.target.value === 'size' ? 'size' : 'name' }))
          }
        >
          <option value="name">By name</option>
          <option value="size">By size change</option>
        </select>
      )}
      <input
        type="search"
        className="gen-search"
        placeholder="Search packages or versions"
        aria-label={searchLabel}
        value={filter.query}
        onChange={(e) => onChange((f) => ({ ...f, query: e.target.value }))}
      />
    </div>
  )
}
