import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { relativeTime } from '../../../../shared/relative-time'
import { CommitDetailsDialog } from './CommitDetailsDialog'
import { useCommitDetails, useGitLog } from './useHistory'
import './history.css'

interface Props {
  repo: string
  /** A commit another area asked to show (a new object per request): its details open. */
  commit?: { hash: string } | null
  onClose(): void
}

/**
 * The repo's history in the Files side bar: commits newest first (subject, author, when); Enter
 * or a click shows one commit's message, files and diff. Arrows move, Escape goes back.
 */
export function HistoryPanel({ repo, commit = null, onClose }: Props) {
  const { commits, error: logError, refresh } = useGitLog(repo)
  const [chosen, setChosen] = useState<string | null>(commit?.hash ?? null)
  const [asked, setAsked] = useState(commit)
  if (commit !== asked) {
    setAsked(commit)
    if (commit) setChosen(commit.hash)
  }
  const { details: shown, error: detailsError } = useCommitDetails(repo, chosen)
  // Dismissing the log's failure hides it until the next refresh; a commit's goes with the choice.
  const [logErrorHidden, setLogErrorHidden] = useState(false)
  const error = detailsError ?? (logErrorHidden ? null : logError)
  const list = useRef<HTMLUListElement>(null)

  useEffect(() => {
    list.current?.querySelector<HTMLButtonElement>('button')?.focus()
  }, [commits])

  const onKeyDown = (e: KeyboardEvent) => {
    if (shown) return
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose()
      return
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next =
      buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]
    if (next) {
      e.preventDefault()
      next.focus()
    }
  }

  return (
    <section className="history-panel" aria-label="History" onKeyDown={onKeyDown}>
      <div className="history-header muted">
        {commits === null
          ? 'Reading the history…'
          : `${commits.length} commit${commits.length === 1 ? '' : 's'}`}
        <button
          type="button"
          className="ghost icon"
          aria-label="Refresh history"
          title="Refresh"
          onClick={() => {
            setLogErrorHidden(false)
            void refresh()
          }}
        >
          ↻
        </button>
      </div>
      {error && (
        <ErrorNotice
          error={error}
          onDismiss={() => (detailsError ? setChosen(null) : setLogErrorHidden(true))}
        />
      )}
      <ul className="history-list" ref={list}>
        {commits?.map((c) => (
          <li key={c.hash}>
            <button
              type="button"
              className="history-commit"
              title={`${c.hash}\n${c.author} <${c.email}>\n${c.date}`}
              onClick={() => setChosen(c.hash)}
            >
              <span className="history-subject">{c.subject}</span>
              <span className="history-meta muted">
                {c.hash.slice(0, 7)} · {c.author} · {relativeTime(new Date(c.date).getTime())}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {commits?.length === 0 && <p className="muted panel-empty">No commits yet.</p>}
      {shown && (
        <CommitDetailsDialog
          details={shown}
          commit={commits?.find((c) => c.hash === shown.hash) ?? null}
          onClose={() => setChosen(null)}
        />
      )}
    </section>
  )
}
