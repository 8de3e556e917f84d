import type { RepoInfo } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import type { Generation, GenerationComparison } from '../../../../shared/generations/types'
import {
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
  generationRevision,
} from '../../../../shared/generations/format'
import { ChangeFilters } from '../../components/ChangeFilters'
import { ChangeList } from '../../components/ChangeList'
import { emptyFilter, hiddenSameVersion } from '../../components/change-filter'
import { ErrorNotice } from '../../components/ErrorNotice'
import { lazyNamed, OnDemand } from '../../components/OnDemand'
import { useChangeFilter } from '../../components/useChangeFilter'
import { revisionRelation, type Pair } from './generations-view'

// The source diff brings Monaco's diff editor: loaded when its tab is first shown.
const SourceDiffPanel = lazyNamed(() => import('./SourceDiffPanel'), 'SourceDiffPanel')

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

const noChanges: never[] = []
/** Same-version rebuilds start hidden, as nvd hides them: a nixpkgs bump brings hundreds. */
const sameHidden = { ...emptyFilter, hideSameVersion: true }

/** The comparison of the chosen pair: totals, filters, the package list, and the config source. */
export function ComparisonPanel(props: Props) {
  const { pair, from, to, comparison, loading, error, tab } = props
  const changes = comparison?.changes
  const { filter, setFilter, shown, counts } = useChangeFilter(changes ?? noChanges, sameHidden)
  const hidden = hiddenSameVersion(filter, counts)
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
              <ChangeFilters
                filter={filter}
                onChange={setFilter}
                counts={counts}
                label="Filter the changes"
                searchLabel="Search packages"
                sortable
              />
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
                {hidden > 0 ? ` · ${formatCount(hidden)} same-version rebuilds hidden` : ''}
                {' · '}★ chosen by you (the system’s packages) · the rest are dependencies
              </p>
            </>
          )}
        </>
      )}
      {tab === 'config' && from && to && (
        <OnDemand what="the configuration diff">
          <SourceDiffPanel repo={props.repo} from={from} to={to} relation={relation} />
        </OnDemand>
      )}
    </section>
  )
}
