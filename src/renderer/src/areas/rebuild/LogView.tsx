// The full log of a run (running or finished), read from the core a page at a time, with a
// search over all of it: the terminal shows what a screen can, this shows every line kept,
// including those the terminal skipped while it was behind.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { stripAnsi } from '../../../../shared/nix/ansi'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { pageLines, useRunLog } from './useRunLog'

interface Props {
  runId: number
  onClose(): void
}

const mib = (chars: number) => `${(chars / 1024 / 1024).toFixed(1)} MiB`

export function LogView({ runId, onClose }: Props) {
  const lines = useRef<HTMLPreElement>(null)
  const { page, found, error, load, find } = useRunLog(runId)
  const [query, setQuery] = useState('')
  const [highlight, setHighlight] = useState<number | null>(null)

  // A line found by search: its page, scrolled into view.
  useEffect(() => {
    if (highlight === null) return
    lines.current?.querySelector(`[data-line="${highlight}"]`)?.scrollIntoView({ block: 'center' })
  }, [page, highlight])

  const search = (event: FormEvent) => {
    event.preventDefault()
    if (query.trim() !== '') find(query)
  }

  const goTo = (line: number) => {
    setHighlight(line)
    load(Math.max(1, line - Math.floor(pageLines / 2)))
  }

  const first = page?.lines[0]?.number ?? null
  const last = page?.lines.at(-1)?.number ?? null

  return (
    <Dialog className="dialog log-view" labelledBy="log-view-title" onClose={onClose}>
      <header className="log-view-head">
        <h2 id="log-view-title">Full log of rebuild {runId}</h2>
        <form className="log-view-search" role="search" onSubmit={search}>
          <input
            type="search"
            aria-label="Search the log"
            placeholder="Search the log"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit">Search</button>
        </form>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {error && <ErrorNotice error={error} />}
      {page && (
        <p className="muted log-view-note" data-testid="log-view-note">
          {first !== null && last !== null
            ? `Lines ${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${page.totalLines.toLocaleString('en')}`
            : 'No output yet'}
          {page.running ? ' (still running)' : ''}. Kept: {mib(page.keptChars)} of at most{' '}
          {mib(page.capChars)}
          {page.firstLine > 1
            ? `; the first ${(page.firstLine - 1).toLocaleString('en')} lines went over that and were not kept.`
            : '.'}
        </p>
      )}
      {found && (
        <div className="log-view-matches" role="region" aria-label="Search results">
          <p className="muted">
            {found.matches.length === 0
              ? 'No line contains that.'
              : `${found.matches.length}${found.more ? '+' : ''} matching line${found.matches.length === 1 ? '' : 's'}`}
          </p>
          <ul>
            {found.matches.map((m) => (
              <li key={m.number}>
                <button type="button" className="link" onClick={() => goTo(m.number)}>
                  <span className="log-line-number">{m.number}</span> {stripAnsi(m.text)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="log-view-pager">
        <button
          type="button"
          disabled={!page || first === null || first <= page.firstLine}
          onClick={() => first !== null && load(Math.max(1, first - pageLines))}
        >
          Earlier
        </button>
        <button
          type="button"
          disabled={!page || last === null || last >= page.totalLines}
          onClick={() => last !== null && load(last + 1)}
        >
          Later
        </button>
        <button type="button" onClick={() => load('end')}>
          Newest
        </button>
      </div>
      <pre ref={lines} className="log-view-lines" data-testid="log-view-lines">
        {page?.lines.map((line) => (
          <div
            key={line.number}
            data-line={line.number}
            className={line.number === highlight ? 'log-line highlight' : 'log-line'}
          >
            <span className="log-line-number">{line.number}</span>
            {stripAnsi(line.text)}
          </div>
        ))}
      </pre>
    </Dialog>
  )
}
