// An xterm.js terminal for a pseudo-terminal in the core: output is written as the feed brings
// it, and the feed reads on once xterm has processed it. Lines the core skipped because this
// window fell behind show as a marker line (Flakedeck's own, styled unlike nix's output) that
// opens the full log; keystrokes go back as input (sudo's password prompt). Ctrl/Cmd+F (or the
// Search button) searches what the terminal holds (TerminalSearch).
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { Terminal, type IMarker } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import './terminal-view.css'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { shownGate } from './shown-gate'
import { TerminalSearch } from './TerminalSearch'

/** Output for the terminal: text, after `skippedLines` lines that were left out (0: none). */
export interface TerminalChunk {
  data: string
  skippedLines: number
}

export interface TerminalFeed {
  readonly runId: number
  /**
   * Starts reading the output: `write` gets each chunk and calls `done` once the terminal has
   * processed it, and only then comes the next; no read starts before `shown` resolves (the
   * terminal is on screen). Returns the stop.
   */
  subscribe(
    write: (chunk: TerminalChunk, done: () => void) => void,
    shown?: () => Promise<void>,
  ): () => void
  input(data: string): void
  resize(cols: number, rows: number): void
}

interface Props {
  feed: TerminalFeed | null
  /** Changes when another run is shown. */
  runKey: number | null
  /** Saved output of a past run. */
  initial?: string | undefined
  /** Opens the full log (a skip marker was clicked). */
  onOpenLog?: () => void
  /** Lines were skipped (this window fell behind): how many, each time. */
  onSkipped?: (lines: number) => void
  /** The terminal's size, once it is made and whenever it changes. */
  onResize?: (cols: number, rows: number) => void
  /** What the row above the terminal holds beside the search button (the search bar's place). */
  tools?: ReactNode
}

/** How long after a run starts its terminal takes the focus (see the feed's effect). */
const focusAfterMs = 300

/** The text of a skip marker line (inverse, so it is not taken for nix's output). */
export function skipMarkerText(lines: number): string {
  const count = lines.toLocaleString('en')
  return `\u2026 ${count} line${lines === 1 ? '' : 's'} skipped \u2014 open the full log`
}

export function TerminalView({
  feed,
  runKey,
  initial,
  onOpenLog,
  onSkipped,
  onResize,
  tools,
}: Props) {
  const host = useRef<HTMLDivElement>(null)
  const openLog = useRef(onOpenLog)
  const skipped = useRef(onSkipped)
  const sized = useRef(onResize)
  useEffect(() => {
    openLog.current = onOpenLog
    skipped.current = onSkipped
    sized.current = onResize
  })
  /** Buffer lines that hold a skip marker, for the link that opens the log. */
  const markers = useRef<IMarker[]>([])

  // The terminal is made when it is first on screen: the Rebuild area is mounted, hidden, with
  // the workspace, and making xterm (its DOM, its measuring of the font) then cost the first
  // screen about 75 ms of the main thread before the editor could be typed in.
  const [terminal, setTerminal] = useState<Terminal | null>(null)
  const [search, setSearch] = useState<SearchAddon | null>(null)
  /** The search bar's query while it is open; null: closed. */
  const [searching, setSearching] = useState<string | null>(null)
  const lastQuery = useRef('')
  const openSearch = useRef<() => void>(() => {})
  useEffect(() => {
    openSearch.current = () => {
      const selected = terminal?.getSelection() ?? ''
      setSearching(selected && !selected.includes('\n') ? selected : lastQuery.current)
    }
  })
  const closeSearch = (query: string) => {
    lastQuery.current = query
    setSearching(null)
    terminal?.focus()
  }
  useEffect(() => {
    const element = host.current
    if (!element) return
    const gate = shownGate(element)
    let made: (() => void) | null = null
    let gone = false
    void gate.wait().then(async () => {
      if (gone) return
      const { term, search, dispose } = makeTerminal(element, markers, openLog, openSearch)
      made = dispose
      await measureWidths(term)
      if (gone) return
      setTerminal(term)
      setSearch(search)
    })
    return () => {
      gone = true
      gate.dispose()
      made?.()
      setTerminal(null)
      setSearch(null)
    }
  }, [])

  // Its size, for a run started from here (it starts at that size).
  useEffect(() => {
    if (!terminal) return
    sized.current?.(terminal.cols, terminal.rows)
    const resized = terminal.onResize(({ cols, rows }) => sized.current?.(cols, rows))
    return () => resized.dispose()
  }, [terminal])

  // A new run (or a past run's saved output) starts on a clean screen; the end of a live run
  // (its feed going away) keeps what it printed.
  useEffect(() => {
    const term = terminal
    if (!term) return
    term.reset()
    markers.current = []
    if (initial) term.write(initial)
  }, [runKey, initial, terminal])

  useEffect(() => {
    const term = terminal
    if (!term || !feed || !host.current) return
    let atLineStart = true
    const gate = shownGate(host.current)
    const unsubscribe = feed.subscribe((chunk, done) => {
      if (chunk.skippedLines > 0) {
        const text = skipMarkerText(chunk.skippedLines)
        const lead = atLineStart ? '' : '\r\n'
        term.write(`\u001b[0m${lead}\u001b[7;33m ${text} \u001b[0m\r\n`, () => {
          const marker = term.registerMarker(-1)
          if (marker) markers.current.push(marker)
        })
        skipped.current?.(chunk.skippedLines)
      }
      if (chunk.data === '') {
        term.write('', done)
        return
      }
      atLineStart = chunk.data.endsWith('\n')
      term.write(chunk.data, done)
    }, gate.wait)
    const input = term.onData((data) => feed.input(data))
    const resize = term.onResize(({ cols, rows }) => feed.resize(cols, rows))
    feed.resize(term.cols, term.rows)
    // A run just started: keystrokes (sudo's password) should go to it without a click, unless
    // the user has put the focus somewhere else meanwhile. Not at once: focusing costs the page
    // about 8 ms (a layout, xterm's handlers) at the start, while nix evaluates on the same
    // cores, and a small switch is over within focusAfterMs; no prompt is answered faster.
    const before = document.activeElement
    const focusing = setTimeout(() => {
      const now = document.activeElement
      if (now === before || now === null || now === document.body) term.focus()
    }, focusAfterMs)
    return () => {
      clearTimeout(focusing)
      unsubscribe()
      gate.dispose()
      input.dispose()
      resize.dispose()
    }
  }, [feed, terminal])

  return (
    <div className="terminal-pane">
      {search && searching !== null ? (
        // In the tools' place, so the terminal keeps its size while it is searched.
        <TerminalSearch search={search} initial={searching} onClose={closeSearch} />
      ) : (
        // Above the terminal, not over it: a button in its corner hid the text under it.
        <div className="terminal-tools">
          {tools}
          <button
            type="button"
            className="terminal-search-open"
            aria-label="Search the output"
            title="Search the output (Ctrl+F in the terminal)"
            disabled={!search}
            onClick={() => openSearch.current()}
          >
            <svg
              width="14"
              height="14"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.5"
              strokeLinecap="round"
              aria-hidden="true"
            >
              <path d="M10.5 4a6.5 6.5 0 1 0 0.01 0 M15.5 15.5L20 20" />
            </svg>
          </button>
        </div>
      )}
      <div className="terminal-view" ref={host} data-testid="terminal" />
    </div>
  )
}

/** Printable ASCII and a few characters nix prints, each once. */
const commonCharacters =
  Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') +
  '\u2026\u2018\u2019\u201c\u201d\u2014\u00bb'
/** How long the measuring waits for a frame (none comes while the page is hidden). */
const measureWaitMs = 500

/**
 * Has xterm measure the widths of the characters a run prints, before any run: its DOM renderer
 * measures each character the first time it draws it (regular and bold apart), a forced layout
 * each, about 30 ms of the main thread at a small switch's first lines, taken from the cores
 * nix evaluates and builds on. They are drawn once in the background's colour, then cleared.
 */
function measureWidths(term: Terminal): Promise<void> {
  return new Promise((resolve) => {
    let drawn: { dispose(): void } | null = null
    let over = false
    const done = () => {
      if (over) return
      over = true
      clearTimeout(timer)
      drawn?.dispose()
      resolve()
      try {
        term.reset()
      } catch {
        // disposed meanwhile (the area went away)
      }
    }
    const timer = setTimeout(done, measureWaitMs)
    const hidden = '\u001b[38;2;21;22;26m'
    // Once parsed, the next frame draws them.
    term.write(`${hidden}${commonCharacters}\r\n\u001b[1m${commonCharacters}\u001b[0m`, () => {
      if (!over) drawn = term.onRender(done)
    })
  })
}

/**
 * Makes the terminal in `element`, sized to it, with skip markers as links to the full log and
 * the search add-on; Ctrl/Cmd+F opens the search instead of going to the program as ^F.
 */
function makeTerminal(
  element: HTMLElement,
  markers: { current: IMarker[] },
  openLog: { current: (() => void) | undefined },
  openSearch: { current: () => void },
): { term: Terminal; search: SearchAddon; dispose: () => void } {
  const term = new Terminal({
    // The search add-on highlights matches with decorations, a proposed API.
    allowProposedApi: true,
    convertEol: true,
    scrollback: 20_000,
    fontSize: 13,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
    theme: { background: '#15161a', foreground: '#d8dae0' },
  })
  const fit = new FitAddon()
  term.loadAddon(fit)
  const search = new SearchAddon()
  term.loadAddon(search)
  term.attachCustomKeyEventHandler((e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'f') return true
    if (e.type === 'keydown') {
      e.preventDefault()
      openSearch.current()
    }
    return false
  })
  term.open(element)
  fit.fit()
  // xterm keeps a selection as buffer cells and drops it on a resize only when the rows change
  // (xtermjs/xterm.js#5300), and its DOM renderer draws the selection it last drew again on any
  // resize, even one dropped since. A resize that changes the columns alone reflows the lines,
  // and the selection was drawn (and copied) a row off: a grey box over the line above or below
  // the yellow match. Any resize drops it, then, and the redraw that follows takes the box away;
  // an open search selects its match again once the add-on has found it in the reflowed lines.
  const reflowed = term.onResize(() => term.clearSelection())
  const links = term.registerLinkProvider({
    provideLinks(y, callback) {
      const line = y - 1
      markers.current = markers.current.filter((m) => !m.isDisposed)
      if (!markers.current.some((m) => m.line === line)) {
        callback(undefined)
        return
      }
      const text = term.buffer.active.getLine(line)?.translateToString(true) ?? ''
      callback([
        {
          range: { start: { x: 1, y }, end: { x: Math.max(1, text.length), y } },
          text,
          activate: () => openLog.current?.(),
        },
      ])
    },
  })
  const observer = new ResizeObserver(() => {
    try {
      fit.fit()
    } catch {
      // not laid out yet
    }
  })
  observer.observe(element)
  return {
    term,
    search,
    dispose: () => {
      reflowed.dispose()
      links.dispose()
      observer.disconnect()
      term.dispose()
    },
  }
}
