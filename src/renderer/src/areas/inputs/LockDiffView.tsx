import { diffCounts, lockDiffRows } from './lock-diff-lines'

const signs = { added: '+', removed: '−', context: ' ', hunk: '', note: '' } as const

/** flake.lock's unified diff with line numbers, removals red and additions green. */
export function LockDiffView({ diff }: { diff: string }) {
  const rows = lockDiffRows(diff)
  if (rows.length === 0) return <p className="muted">flake.lock would not change.</p>
  const counts = diffCounts(rows)
  return (
    <figure className="lock-diff" aria-label="flake.lock diff">
      <figcaption>
        <span className="mono">flake.lock</span>{' '}
        <span className="diff-added-count">+{counts.added}</span>{' '}
        <span className="diff-removed-count">−{counts.removed}</span>
      </figcaption>
      <table className="lock-diff-table">
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={`diff-${row.kind}`}>
              <td className="diff-num">{row.oldLine ?? ''}</td>
              <td className="diff-num">{row.newLine ?? ''}</td>
              <td className="diff-sign" aria-hidden="true">
                {signs[row.kind]}
              </td>
              <td className="diff-text">{row.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
