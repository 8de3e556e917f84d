import type { GitCommit, GitCommitDetails } from '../../../../shared/contract'
import { Dialog } from '../../components/Dialog'

interface Props {
  details: GitCommitDetails
  commit: GitCommit | null
  onClose(): void
}

const lineClass = (line: string) =>
  line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ')
    ? 'diff-file'
    : line.startsWith('@@')
      ? 'diff-hunk'
      : line.startsWith('+')
        ? 'diff-add'
        : line.startsWith('-')
          ? 'diff-del'
          : ''

/** One commit: its message, who and when, the files it changed and its diff. */
export function CommitDetailsDialog({ details, commit, onClose }: Props) {
  const [subject, ...body] = details.message.split('\n')
  return (
    <Dialog title={subject} className="dialog commit-details" onClose={onClose}>
      <p className="muted">
        {details.hash.slice(0, 12)}
        {commit &&
          ` · ${commit.author} <${commit.email}> · ${new Date(commit.date).toLocaleString()}`}
      </p>
      {body.join('\n').trim() && <pre className="commit-body">{body.join('\n').trim()}</pre>}
      <ul className="commit-details-files" aria-label="Files changed">
        {details.files.map((f) => (
          <li key={f.path}>
            <span className="tree-status">{f.status}</span> {f.path}
          </li>
        ))}
      </ul>
      <pre className="commit-diff" aria-label="Diff" tabIndex={0}>
        {details.diff.split('\n').map((line, i) => (
          <div key={i} className={lineClass(line)}>
            {line || ' '}
          </div>
        ))}
        {details.truncated && (
          <div className="muted">… the diff is cut here (too large to show).</div>
        )}
      </pre>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  )
}
