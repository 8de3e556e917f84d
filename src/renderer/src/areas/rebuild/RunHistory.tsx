import { memo } from 'react'
import type { RebuildRun } from '../../../../shared/rebuild/types'
import { relativeTime } from '../../../../shared/relative-time'
import { formatDuration, isGenerationSwitch } from './rebuild-format'

interface Props {
  runs: RebuildRun[]
  selected: number | null
  onSelect(run: RebuildRun): void
}

/**
 * The repo's recent runs. Memoized: a run's state events re-render the area several times a
 * second while it goes, and the list (up to 50 rows) changes only when the history is read again.
 */
export const RunHistory = memo(function RunHistory({ runs, selected, onSelect }: Props) {
  return (
    <section className="run-history" aria-label="Past runs">
      <header className="panel-header">Past runs</header>
      {runs.length === 0 ? (
        <p className="muted panel-empty">Runs you start are recorded here.</p>
      ) : (
        <ul>
          {runs.map((run) => (
            <li key={run.id}>
              <button
                type="button"
                className={`run-row${run.id === selected ? ' active' : ''}`}
                onClick={() => onSelect(run)}
              >
                <span className={`run-status status-${run.status}`}>{run.status}</span>
                <span className="run-what">
                  {run.action} {run.host}
                  {isGenerationSwitch(run) && <span className="muted"> · existing generation</span>}
                </span>
                <span className="muted run-when" title={new Date(run.startedAt).toLocaleString()}>
                  {relativeTime(run.startedAt)}
                  {run.endedAt ? ` · ${formatDuration(run.endedAt - run.startedAt)}` : ''}
                </span>
                <span className="muted run-meta">
                  {run.gitCommit
                    ? `${run.gitCommit.slice(0, 7)}${run.gitDirty ? '+dirty' : ''}`
                    : ''}
                  {run.generation !== null ? ` · generation ${run.generation}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
})
