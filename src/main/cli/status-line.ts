// One line of live progress on stderr, rewritten in place as nix and cargo do: "\r", the text,
// then erase to the end of the line. Only on a terminal (not TERM=dumb), so a log of a piped or
// redirected stderr gets no "\r" junk; never on stdout, which carries the result. The text is cut
// to the terminal's width, since a wrapped line cannot be rewritten in place (terminal-width.ts).
import { stripAnsi } from '../../shared/nix/ansi'
import type { CliIo } from './io'
import { fitToWidth } from './terminal-width'

export interface StatusLine {
  /** Shows `text` in place of what the line said. */
  show(text: string): void
  /** Erases the line, so that what is printed next (a result, an error) starts on a clean line. */
  clear(): void
}

const silent: StatusLine = { show: () => {}, clear: () => {} }

/**
 * Control characters, once the escape sequences are gone (stripAnsi): a newline or a tab would
 * break the line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\x00-\x1f\x7f-\x9f]+/g

export function statusLine(io: Pick<CliIo, 'err' | 'env' | 'errTerminal'>): StatusLine {
  const terminal = io.errTerminal
  if (!terminal || io.env.TERM === 'dumb') return silent
  let shown: string | null = null
  let forget: (() => void) | null = null
  const erase = () => {
    if (shown === null) return
    shown = null
    forget?.()
    forget = null
    io.err('\r\x1b[K')
  }
  return {
    show(text) {
      // The escapes first: a colour cut in half would leave its parameters as text.
      const plain = stripAnsi(text).replace(controls, ' ')
      // One column short of the width: some terminals wrap as soon as the last column is written.
      const line = fitToWidth(plain.trim(), terminal.columns - 1)
      if (line === shown) return
      shown = line
      forget ??= eraseOnSignal(erase)
      io.err(`\r${line}\x1b[K`)
    },
    clear: erase,
  }
}

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * While the line shows, Ctrl+C (or a kill) erases it first, then does what it would have done:
 * the process ends by the signal, and the shell's prompt starts on a clean line instead of after
 * the half-done step. Returns the function that stops listening.
 */
function eraseOnSignal(erase: () => void): () => void {
  const forget = () => {
    for (const signal of stopSignals) process.removeListener(signal, onSignal)
  }
  function onSignal(signal: NodeJS.Signals) {
    erase()
    forget()
    // With no listener left, the signal's default action: the process ends by it.
    process.kill(process.pid, signal)
  }
  for (const signal of stopSignals) process.on(signal, onSignal)
  return forget
}
