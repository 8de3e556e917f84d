import { generationRevision } from '../../../../shared/generations/format'
import { useDeferredValue, useMemo, useState } from 'react'
import type { RepoInfo } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import type {
  ChangeKind,
  Generation,
  GenerationComparison,
} from '../../../../shared/generations/types'
import {
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
} from '../../../../shared/generations/format'
import { ErrorNotice } from '../../components/ErrorNotice'
import { ChangeList } from './ChangeList'
import {
  changeKinds,
  emptyFilter,
  filterChanges,
  kindCounts,
  kindLabels,
  revisionRelation,
  type ChangeFilter,
  type Pair,
} from './generations-view'
import { SourceDiffPanel } from './SourceDiffPanel'

interface Props {
  repo: RepoInfo
  pair: Pair | null
  from: Generation | null
  to: Generation | null
  comparison: GenerationComparison | null
  loading: boolean
  error: AppErrorData | null
  /** Generations that can be compared: fewer than two means there is nothing to compare. */
  usableCount: number
  tab: 'packages' | 'config'
  onTab(tab: 'packages' | 'config'): void
  onSwap(): void
}

/** The comparison of the chosen pair: totals, filters, the package list, and the config source. */
export function ComparisonPanel(props: Props) {
  const { pair, from, to, comparison, loading, error, tab } = props
  const [filter, setFilter] = useState<ChangeFilter>(() => ({
    ...emptyFilter,
    hideSameVersion: true,
  }))
  const deferredFilter = useDeferredValue(filter)
  const changes = comparison?.changes
  const shown = useMemo(
    () => (changes ? filterChanges(changes, deferredFilter) : []),
    [changes, deferredFilter],
  )
  const counts = useMemo(() => kindCounts(changes ?? []), [changes])
  const relation = revisionRelation(
    from ? generationRevision(from) : null,
    to ? generationRevision(to) : null,
  )

  if (!pair) {
    return (
      <section className="gen-compare gen-empty" aria-label="Comparison">
        <p className="muted">
          {props.usableCount < 2
            ? 'This profile has only one usable generation, so there is nothing to compare yet. Build and switch to a new configuration, and its changes show here.'
            : 'Choose two generations with “from” and “to” to compare them.'}
        </p>
      </section>
    )
  }

  const toggleKind = (kind: ChangeKind) =>
    setFilter((f) => {
      const kinds = new Set(f.kinds)
      if (kinds.has(kind)) kinds.delete(kind)
      else kinds.add(kind)
      return { ...f, kinds }
    })

  const totals = comparison?.totals
  return (
    <section className="gen-compare" aria-label="Comparison">
      <header className="gen-compare-head">
        <h2>
          <span className="gen-pair-from">#{pair.from}</span>
          <button
            type="button"
            className="ghost icon"
            title="Swap the two generations"
            aria-label="Swap from and to"
            onClick={props.onSwap}
          >
            ⇄
          </button>
          <span className="gen-pair-to">#{pair.to}</span>
        </h2>
        {totals && (
          <div className="gen-totals" data-testid="comparison-totals">
            <span>
              Closure {formatBytes(totals.oldSize)} → {formatBytes(totals.newSize)}{' '}
              <strong
                className={
                  totals.sizeDelta > 0 ? 'gen-grew' : totals.sizeDelta < 0 ? 'gen-shrank' : ''
                }
              >
                ({formatBytesDelta(totals.sizeDelta)})
              </strong>
            </span>
            <span>
              Paths {formatCount(totals.oldPathCount)} → {formatCount(totals.newPathCount)}{' '}
              <strong>({formatCountDelta(totals.pathCountDelta)})</strong>
            </span>
          </div>
        )}
        <div className="segmented gen-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'packages'}
            className={tab === 'packages' ? 'active' : ''}
            onClick={() => props.onTab('packages')}
          >
            Packages{changes ? ` (${formatCount(changes.length)})` : ''}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'config'}
            className={tab === 'config' ? 'active' : ''}
            onClick={() => props.onTab('config')}
          >
            Configuration
          </button>
        </div>
      </header>

      {tab === 'packages' && (
        <>
          {loading && (
            <div className="gen-loading" role="status">
              <span className="spinner" aria-hidden="true" /> Comparing #{pair.from} and #{pair.to}…
              the first comparison reads both closures from nix.
            </div>
          )}
          {error && !loading && <ErrorNotice error={error} />}
          {comparison && !loading && (
            <>
              <div className="gen-filters" role="group" aria-label="Filter the changes">
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
                    onChange={(e) => setFilter((f) => ({ ...f, selectedOnly: e.target.checked }))}
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
                      onChange={(e) =>
                        setFilter((f) => ({ ...f, hideSameVersion: !e.target.checked }))
                      }
                    />
                    Same-version rebuilds ({formatCount(counts.byKind.changed)})
                  </label>
                )}
                <span className="status-spacer" />
                <select
                  aria-label="Sort"
                  value={filter.sort}
                  onChange={(e) =>
                    setFilter((f) => ({ ...f, sort: e.target.value === 'size' ? 'size' : 'name' }))
                  }
                >
                  <option value="name">By name</option>
                  <option value="size">By size change</option>
                </select>
                <input
                  type="search"
                  className="gen-search"
                  placeholder="Search packages or versions"
                  aria-label="Search packages"
                  value={filter.query}
                  onChange={(e) => setFilter((f) => ({ ...f, query: e.target.value }))}
                />
              </div>
              {changes && changes.length === 0 ? (
                <p className="muted gen-empty-line">
                  No package differs between #{pair.from} and #{pair.to}.
                </p>
              ) : shown.length === 0 ? (
                <p className="muted gen-empty-line">No package matches the filter.</p>
              ) : (
                <ChangeList changes={shown} />
              )}
              <p className="muted gen-list-foot" role="status">
                {shown.length === changes?.length
                  ? `${formatCount(shown.length)} packages`
                  : `${formatCount(shown.length)} of ${formatCount(changes?.length ?? 0)} packages`}
                {filter.hideSameVersion && counts.byKind.changed > 0 && !filter.kinds.has('changed')
                  ? ` · ${formatCount(counts.byKind.changed)} same-version rebuilds hidden`
                  : ''}
                {' · '}★ chosen by you (the system’s packages) · the rest are dependencies
              </p>
            </>
          )}
        </>
      )}
      {tab === 'config' && from && to && (
        <SourceDiffPanel repo={props.repo} from={from} to={to} relation={relation} />
      )}
    </section>
  )
}
