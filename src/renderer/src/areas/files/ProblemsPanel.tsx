import type { Diagnostic } from '../../../../shared/contract'

interface Props {
  problems: Diagnostic[]
  onOpen(problem: Diagnostic): void
}

export function ProblemsPanel({ problems, onOpen }: Props) {
  return (
    <section className="problems" aria-label="Problems">
      <header className="panel-header">
        Problems <span className="badge">{problems.length}</span>
      </header>
      {problems.length === 0 ? (
        <p className="muted panel-empty">No problems found.</p>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={`${p.file}:${p.line}:${p.column}:${i}`}>
              <button
                type="button"
                className={`problem problem-${p.severity}`}
                disabled={!p.inRepo || !p.file}
                onClick={() => onOpen(p)}
              >
                <span className="problem-icon" aria-hidden="true">
                  {p.severity === 'error' ? '✖' : '⚠'}
                </span>
                <span className="problem-message">{p.message}</span>
                <span className="problem-where muted">
                  {p.file ?? 'nix'}
                  {p.line !== null ? `:${p.line}:${p.column ?? 1}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
