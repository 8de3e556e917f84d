import type { RebuildFailure, RebuildRun } from '../../../../shared/rebuild/types'
import { requestOpenFile } from '../../app/navigation'

/** Whether a finished run has the failure panel (a cancelled run's "failure" is its words alone). */
export function failureShownFor(run: RebuildRun): boolean {
  return run.failure !== null && run.failure.kind !== 'cancelled'
}

/** Why a run failed: the derivation that broke with its log tail, or the error at its line. */
export function FailurePanel({ failure }: { failure: RebuildFailure }) {
  return (
    <section className="notice notice-error rebuild-failure" role="alert" aria-label="Failure">
      <div className="notice-body">
        <strong>{failure.message}</strong>
        {failure.diagnostics.map((d, i) => (
          <p key={i} className="notice-hint">
            {d.message}{' '}
            {d.repoFile ? (
              <button
                type="button"
                className="link"
                onClick={() =>
                  requestOpenFile({ path: d.repoFile!, line: d.line ?? 1, column: d.column ?? 1 })
                }
              >
                {d.repoFile}
                {d.line !== null ? `:${d.line}:${d.column ?? 1}` : ''}
              </button>
            ) : (
              d.file && (
                <span className="muted">
                  {d.file}
                  {d.line !== null ? `:${d.line}` : ''}
                </span>
              )
            )}
          </p>
        ))}
        {failure.failedDerivations.map((drv) => (
          <details key={drv.drvPath} open>
            <summary>
              {drv.name} failed{drv.exitCode !== null ? ` with exit code ${drv.exitCode}` : ''}{' '}
              <span className="muted">({drv.drvPath})</span>
            </summary>
            <pre className="log-tail">{drv.logTail.join('\n') || '(no log lines)'}</pre>
          </details>
        ))}
      </div>
    </section>
  )
}
