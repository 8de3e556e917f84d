// An xterm.js terminal for a pseudo-terminal in the core: output is written as it arrives and
// acknowledged only once xterm has processed it, so the core pauses the process when the
// window falls behind (back-pressure); keystrokes go back as input (sudo's password prompt).
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef } from 'react'

export interface TerminalFeed {
  /** Calls `write` with each chunk of output; returns the unsubscribe. */
  subscribe(write: (data: string) => void): () => void
  /** Characters xterm has processed, for flow control. */
  ack(chars: number): void
  input(data: string): void
  resize(cols: number, rows: number): void
}

interface Props {
  feed: TerminalFeed | null
  /** Changes when another run is shown. */
  runKey: number | null
  /** Saved output of a past run. */
  initial?: string | undefined
}

export function TerminalView({ feed, runKey, initial }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const terminal = useRef<Terminal | null>(null)

  useEffect(() => {
    if (!host.current) return
    const term = new Terminal({
      convertEol: true,
      scrollback: 20_000,
      fontSize: 13,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
      theme: { background: '#15161a', foreground: '#d8dae0' },
    })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(host.current)
    fit.fit()
    terminal.current = term
    const observer = new ResizeObserver(() => {
      try {
        fit.fit()
      } catch {
        // not laid out yet
      }
    })
    observer.observe(host.current)
    return () => {
      observer.disconnect()
      term.dispose()
      terminal.current = null
    }
  }, [])

  // A new run (or a past run's saved output) starts on a clean screen; the end of a live run
  // (its feed going away) keeps what it printed.
  useEffect(() => {
    const term = terminal.current
    if (!term) return
    term.reset()
    if (initial) term.write(initial)
  }, [runKey, initial])

  useEffect(() => {
    const term = terminal.current
    if (!term || !feed) return
    const unsubscribe = feed.subscribe((data) => term.write(data, () => feed.ack(data.length)))
    const input = term.onData((data) => feed.input(data))
    const resize = term.onResize(({ cols, rows }) => feed.resize(cols, rows))
    feed.resize(term.cols, term.rows)
    // A run just started: keystrokes (sudo's password) should go to it without a click.
    term.focus()
    return () => {
      unsubscribe()
      input.dispose()
      resize.dispose()
    }
  }, [feed])

  return <div className="terminal-view" ref={host} data-testid="terminal" />
}
