import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { TextSearchMatch } from '../../../../shared/contract'
import { ErrorNotice } from '../../components/ErrorNotice'
import { ToggleButton } from '../../components/ToggleButton'
import { useTextSearch } from './useTextSearch'
import './find.css'

interface Props {
  repo: string
  /** Changes each time Ctrl/Cmd+Shift+F is pressed: the input takes the focus again. */
  focusNonce: number
  onOpen(match: TextSearchMatch): void
  onClose(): void
}

/** Where the match is in the line, to show it marked; null when JS cannot tell (regex flavours). */
function matchedRange(
  match: TextSearchMatch,
  pattern: string,
  regex: boolean,
  caseSensitive: boolean,
): [number, number] | null {
  const start = match.column - 1
  if (!regex) return [start, start + pattern.length]
  try {
    const found = new RegExp(pattern, caseSensitive ? 'y' : 'iy')
    found.lastIndex = start
    const m = found.exec(match.text)
    return m && m[0].length > 0 ? [start, start + m[0].length] : null
  } catch {
    return null
  }
}

/**
 * Find in files (Ctrl/Cmd+Shift+F): results by file and line. Arrow keys move between results,
 * Enter opens one at its line, Escape goes back to the file tree.
 */
export function FindPanel({ repo, focusNonce, onOpen, onClose }: Props) {
  const [pattern, setPattern] = useState('')
  const [regex, setRegex] = useState(false)
  const [caseSensitive, setCaseSensitive] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const results = useRef<HTMLDivElement>(null)
  const { result, error, searching } = useTextSearch(repo, { pattern, regex, caseSensitive })

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [focusNonce])

  const byFile = useMemo(() => {
    const groups = new Map<string, TextSearchMatch[]>()
    for (const match of result?.matches ?? []) {
      const group = groups.get(match.path)
      if (group) group.push(match)
      else groups.set(match.path, [match])
    }
    return [...groups]
  }, [result])

  /** Moves the focus among the result buttons (and from the input to the first one). */
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose()
      return
    }
    if (e.altKey && (e.key === 'c' || e.key === 'r')) {
      e.preventDefault()
      if (e.key === 'c') setCaseSensitive((v) => !v)
      else setRegex((v) => !v)
      return
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    const buttons = [...(results.current?.querySelectorAll<HTMLButtonElement>('.find-line') ?? [])]
    if (buttons.length === 0) return
    e.preventDefault()
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (at < 0) {
      if (e.key === 'ArrowDown') buttons[0]!.focus()
      return
    }
    if (e.key === 'ArrowUp' && at === 0) input.current?.focus()
    else
      buttons[
        Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))
      ]!.focus()
  }

  const count = result?.matches.length ?? 0
  return (
    <section className="find-panel" aria-label="Find in files" onKeyDown={onKeyDown}>
      <div className="find-query">
        <input
          ref={input}
          type="search"
          aria-label="Find in files"
          placeholder="Find in files"
          value={pattern}
          spellCheck={false}
          onChange={(e) => setPattern(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              results.current?.querySelector<HTMLButtonElement>('.find-line')?.focus()
            }
          }}
        />
        <ToggleButton
          on={caseSensitive}
          label="Match case"
          title="Match case (Alt+C)"
          onToggle={() => setCaseSensitive((v) => !v)}
        >
          Aa
        </ToggleButton>
        <ToggleButton
          on={regex}
          label="Use regular expression"
          title="Use regular expression: ripgrep's syntax, or Perl's when git grep searches (Alt+R)"
          onToggle={() => setRegex((v) => !v)}
        >
          .*
        </ToggleButton>
      </div>
      <p className="find-summary muted" role="status">
        {!pattern
          ? 'Searches the files nix sees (tracked and not ignored) with git grep.'
          : searching
            ? 'Searching…'
            : result
              ? count === 0
                ? 'No results.'
                : `${count}${result.truncated ? '+' : ''} result${count === 1 ? '' : 's'} in ${byFile.length} file${byFile.length === 1 ? '' : 's'}${result.truncated ? ' (the first shown; narrow the search)' : ''}`
              : ''}
      </p>
      {error && <ErrorNotice error={error} />}
      <div className="find-results" ref={results}>
        {byFile.map(([path, matches]) => (
          <div key={path} className="find-file" role="group" aria-label={path}>
            <div className="find-file-name" title={path}>
              <span>{path.split('/').pop()}</span>{' '}
              <span className="muted">
                {path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''}
              </span>
              <span className="badge">{matches.length}</span>
            </div>
            {matches.map((m) => {
              const range = matchedRange(m, pattern, regex, caseSensitive)
              return (
                <button
                  key={`${m.line}:${m.column}`}
                  type="button"
                  className="find-line"
                  title={`${path}:${m.line}:${m.column}`}
                  onClick={() => onOpen(m)}
                >
                  <span className="find-line-number muted">{m.line}</span>
                  <span className="find-line-text">
                    {range ? (
                      <>
                        {m.text.slice(0, range[0]).trimStart()}
                        <mark>{m.text.slice(range[0], range[1])}</mark>
                        {m.text.slice(range[1])}
                      </>
                    ) : (
                      m.text.trim()
                    )}
                  </span>
                </button>
              )
            })}
          </div>
        ))}
      </div>
    </section>
  )
}
