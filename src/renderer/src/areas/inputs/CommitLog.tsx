import { lockDate } from '../../../../shared/lockfile/lock-diff'
import type { CommitRange } from '../../../../shared/lockfile/schemas'
import { logHeading, moreText } from './lock-change-text'

/** The commits between two locked revisions, newest first, capped with "and N more". */
export function CommitLog({ log }: { log: CommitRange }) {
  if (log.direction === 'same' || log.count === 0) return null
  const more = moreText(log)
  return (
    <div className="commit-log">
      <h4>{logHeading(log)}</h4>
      <ol>
        {log.commits.map((commit) => (
          <li key={commit.rev}>
            <code title={commit.rev}>{commit.shortRev}</code>
            <span className="commit-date">{lockDate(commit.date)}</span>
            <span className="commit-subject">{commit.subject}</span>
            <span className="commit-author muted">{commit.author}</span>
          </li>
        ))}
      </ol>
      {more && <p className="muted commit-more">{more}</p>}
    </div>
  )
}
