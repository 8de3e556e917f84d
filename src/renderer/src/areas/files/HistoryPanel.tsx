import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { GitCommit, GitCommitDetails } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { call, errorData } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { relativeTime } from '../../../../shared/relative-time'
import { CommitDetailsDialog } from './CommitDetailsDialog'
import './history.css'

interface Props {
  repo: string
  onClose(): void
}

/**
 * The repo's history in the Files side bar: commits newest first (subject, author, when); Enter
 * or a click shows one commit's message, files and diff. Arrows move, Escape goes back.
 */
export function HistoryPanel({ repo, onClose }: Props) {
  const [commits, setCommits] = useState<GitCommit[] | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [shown, setShown] = useState<GitCommitDetails | null>(null)
  const list = useRef<HTMLUListElement>(null)

  const load = useCallback(
    () =>
      call('git.log', { repo }).then(
        (value) => {
          setCommits(value)
          setError(null)
        },
        (e: unknown) => setError(errorData(e)),
      ),
    [repo],
  )
  useEffect(() => {
    void load()
  }, [load])
  useEffect(() => {
    list.current?.querySelector<HTMLButtonElement>('button')?.focus()
  }, [commits])

  const show = (hash: string) =>
    call('git.commitDetails', { repo, hash }).then(setShown, (e: unknown) => setError(errorData(e)))

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
          onClick={() => void load()}
        >
          ↻
        </button>
      </div>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <ul className="history-list" ref={list}>
        {commits?.map((c) => (
          <li key={c.hash}>
            <button
              type="button"
              className="history-commit"
              title={`${c.hash}\n${c.author} <${c.email}>\n${c.date}`}
              onClick={() => void show(c.hash)}
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
          onClose={() => setShown(null)}
        />
      )}
    </section>
  )
}
