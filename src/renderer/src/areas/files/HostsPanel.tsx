import type { Diagnostic } from '../../../../shared/contract'

interface Props {
  /** Uncommitted changes in the repo: what "What does this change?" compares with HEAD. */
  dirty: boolean
  hosts: string[]
  loading: boolean
  error: Diagnostic | null
  selected: string | null
  checking: boolean
  checkAfterSave: boolean
  lastCheck: { host: string; ok: boolean } | null
  onSelect(host: string): void
  onCheck(): void
  onToggleCheckAfterSave(on: boolean): void
  onRefresh(): void
  onOpenProblem(d: Diagnostic): void
  /** Shows what the uncommitted edits change in this host (the area holds the dialog). */
  onPredict(host: string): void
}

export function HostsPanel(props: Props) {
  const { hosts, loading, error, selected, checking, lastCheck } = props
  return (
    <section className="hosts" aria-label="Hosts">
      <header className="panel-header">
        Hosts
        <button
          type="button"
          className="ghost icon"
          title="Read the hosts again"
          aria-label="Refresh hosts"
          onClick={props.onRefresh}
        >
          ↻
        </button>
      </header>
      {loading && <p className="muted panel-empty">Evaluating the flake…</p>}
      {!loading && error && (
        <div className="notice notice-error compact" role="alert">
          <div className="notice-body">
            <strong>The flake does not evaluate.</strong>
            <p className="notice-hint">{error.message}</p>
            {error.inRepo && error.file && (
              <button type="button" className="link" onClick={() => props.onOpenProblem(error)}>
                {error.file}:{error.line}
              </button>
            )}
          </div>
        </div>
      )}
      {!loading && !error && hosts.length === 0 && (
        <p className="muted panel-empty">This flake defines no nixosConfigurations.</p>
      )}
      {hosts.length > 0 && (
        <>
          <ul className="host-list">
            {hosts.map((host) => (
              <li key={host}>
                <label>
                  <input
                    type="radio"
                    name="host"
                    checked={host === selected}
                    onChange={() => props.onSelect(host)}
                  />{' '}
                  {host}
                  {lastCheck?.host === host && (
                    <span className={lastCheck.ok ? 'host-ok' : 'host-bad'}>
                      {lastCheck.ok ? ' ✓ evaluates' : ' ✖ fails'}
                    </span>
                  )}
                </label>
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" onClick={props.onCheck} disabled={!selected || checking}>
              {checking ? 'Checking…' : 'Check host'}
            </button>
            <button
              type="button"
              disabled={!selected || !props.dirty}
              title={
                props.dirty
                  ? 'What the uncommitted edits change in this host, before building'
                  : 'Nothing to compare: the repo has no uncommitted changes'
              }
              onClick={() => selected && props.onPredict(selected)}
            >
              What does this change?
            </button>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={props.checkAfterSave}
              onChange={(e) => props.onToggleCheckAfterSave(e.target.checked)}
            />{' '}
            Check after each save
          </label>
        </>
      )}
    </section>
  )
}
