import { diffCounts, lockDiffRows } from './lock-diff-lines'

const signs = { added: '+', removed: '−', context: ' ', hunk: '', note: '' } as const

/** A unified diff of `file` (flake.lock unless told) with line numbers, removals red and additions green. */
export function LockDiffView({ diff, file = 'flake.lock' }: { diff: string; file?: string }) {
  const rows = lockDiffRows(diff)
  if (rows.length === 0) return <p className="muted">{file} would not change.</p>
  const counts = diffCounts(rows)
  return (
    <figure className="lock-diff" aria-label={`${file} diff`}>
      <figcaption>
        <span className="mono">{file}</span>{' '}
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
