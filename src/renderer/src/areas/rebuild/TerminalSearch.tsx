// Search in the Rebuild terminal's output with xterm's search add-on, as in VS Code's terminal:
// Ctrl/Cmd+F in the terminal (or its Search button) opens a bar above it; typing finds as you
// go, Enter and Shift+Enter go to the next and previous match, Alt+C and Alt+R toggle match case
// and regular expression, Escape closes the bar and gives the terminal the focus back. It finds
// what the terminal holds (its scrollback); Full log… searches every line a run printed.
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { ToggleButton } from '../../components/ToggleButton'
import './terminal-search.css'

interface Props {
  search: SearchAddon
  /** What the bar starts with (the terminal's selection, or the last search). */
  initial: string
  /** The bar closes: its query, to start with next time. */
  onClose: (query: string) => void
}

/** Highlights in #RRGGBB, as the add-on needs: every match dim, the current one bright. */
const decorations: ISearchOptions['decorations'] = {
  matchBackground: '#4a4120',
  matchBorder: '#7d6a2c',
  matchOverviewRuler: '#d7ba7d',
  activeMatchBackground: '#9a6b00',
  activeMatchBorder: '#ffd166',
  activeMatchColorOverviewRuler: '#ffd166',
}

/** The add-on highlights at most this many matches (its default). */
const highlightLimit = 1000

interface Results {
  /**
   * -1 when there are more matches than are highlighted, or when the current match's highlight
   * went (the terminal was resized and its lines reflowed).
   */
  index: number
  count: number
}

/** Whether `text` is a regular expression JavaScript (and so the add-on) accepts. */
function validRegex(text: string): boolean {
  try {
    new RegExp(text)
    return true
  } catch {
    return false
  }
}

/** "2 of 14", "No results", "3 matches", "over 1,000 matches". */
export function resultsText(results: Results | null): string {
  if (!results) return ''
  const count = results.count.toLocaleString('en')
  if (results.count === 0) return 'No results'
  if (results.index < 0 && results.count >= highlightLimit) return `over ${count} matches`
  if (results.index < 0) return `${count} match${results.count === 1 ? '' : 'es'}`
  return `${results.index + 1} of ${count}`
}

export function TerminalSearch({ search, initial, onClose }: Props) {
  const [query, setQuery] = useState(initial)
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [regex, setRegex] = useState(false)
  const [results, setResults] = useState<Results | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const invalid = regex && query !== '' && !validRegex(query)

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [])

  useEffect(() => {
    const changed = search.onDidChangeResults(({ resultIndex, resultCount }) =>
      setResults({ index: resultIndex, count: resultCount }),
    )
    return () => {
      changed.dispose()
      search.clearDecorations()
    }
  }, [search])

  /** The add-on answers through onDidChangeResults, a match or none. */
  const find = (backwards: boolean, incremental: boolean) => {
    if (query === '' || invalid) {
      search.clearDecorations()
      return
    }
    // No current match among the highlights (they were laid out before a resize): find them
    // again, so the next one is counted.
    if (!incremental && results && results.index < 0 && results.count < highlightLimit)
      search.clearDecorations()
    const options = { caseSensitive, regex, incremental, decorations }
    if (backwards) search.findPrevious(query, options)
    else search.findNext(query, options)
  }

  // Typing or an option finds again from the match the cursor is on, as VS Code does. The
  // highlights are cleared first: the add-on notes the new options before comparing them with
  // the last search's, so an option alone would keep the old matches highlighted and counted.
  useEffect(() => {
    search.clearDecorations()
    find(false, true)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- find reads the same state
  }, [query, caseSensitive, regex, invalid])

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose(query)
    } else if (e.key === 'Enter' && e.target === input.current) {
      e.preventDefault()
      find(e.shiftKey, false)
    } else if (e.altKey && (e.key === 'c' || e.key === 'r')) {
      e.preventDefault()
      if (e.key === 'c') setCaseSensitive((v) => !v)
      else setRegex((v) => !v)
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
      // Already open: select the query to type over it, not the browser's find.
      e.preventDefault()
      input.current?.select()
    }
  }

  return (
    <div
      className="terminal-search"
      role="search"
      aria-label="Search the output"
      onKeyDown={onKeyDown}
    >
      <input
        ref={input}
        type="search"
        aria-label="Search the output"
        placeholder="Search the output"
        value={query}
        spellCheck={false}
        aria-invalid={invalid}
        onChange={(e) => setQuery(e.target.value)}
      />
      <span className="terminal-search-count muted" role="status">
        {query === '' || invalid ? '' : resultsText(results)}
      </span>
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
        title="Use regular expression, JavaScript's syntax (Alt+R)"
        onToggle={() => setRegex((v) => !v)}
      >
        .*
      </ToggleButton>
      <button
        type="button"
        className="ghost icon"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={query === '' || invalid || !results?.count}
        onClick={() => find(true, false)}
      >
        ↑
      </button>
      <button
        type="button"
        className="ghost icon"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={query === '' || invalid || !results?.count}
        onClick={() => find(false, false)}
      >
        ↓
      </button>
      <button
        type="button"
        className="ghost icon"
        aria-label="Close the search"
        title="Close (Escape)"
        onClick={() => onClose(query)}
      >
        ✕
      </button>
      {invalid && (
        <p className="terminal-search-error" role="alert">
          Not a valid regular expression: turn off Use regular expression (Alt+R) to find the text
          as written.
        </p>
      )}
    </div>
  )
}
