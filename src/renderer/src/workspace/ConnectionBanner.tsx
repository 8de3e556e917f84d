// Browser mode: says so when the server is gone, while the page retries, and what to do when a new
// `flakedeck serve` run (a new token) answers instead. Hidden while connected.
import { useState, useSyncExternalStore } from 'react'
import { connection } from '../api/client'
import type { ConnectionState } from '../api/connection'

export function useConnectionState(): ConnectionState {
  const link = connection()
  return useSyncExternalStore(link.subscribe, link.get)
}

function TokenForm() {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <form
      className="connection-token"
      onSubmit={(event) => {
        event.preventDefault()
        setProblem(connection().useToken(text))
      }}
    >
      <label>
        <span>Or paste that URL here and keep this page as it is:</span>
        <input
          type="text"
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder="http://127.0.0.1:7430/?token=…"
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit" disabled={text.trim() === ''}>
        Connect
      </button>
      {problem && <p className="connection-problem">{problem}</p>}
    </form>
  )
}

export function ConnectionBanner() {
  const state = useConnectionState()
  if (state.kind === 'connected' || state.kind === 'connecting') return null
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      {state.kind === 'reconnecting' && (
        <>
          <p>
            <strong>The Flakedeck server is not answering.</strong> This page reconnects by itself
            when <code>flakedeck serve</code> runs again here (attempt {state.attempts}). Keep it
            open: what you have not saved stays in this page.
          </p>
          <button type="button" onClick={() => connection().retry()}>
            Retry now
          </button>
        </>
      )}
      {state.kind === 'refused' && (
        <>
          <p>
            <strong>A new Flakedeck server is running at this address.</strong> It refuses this
            page, which holds the token of an earlier run. Open the URL the new{' '}
            <code>flakedeck serve</code> printed (it ends in <code>?token=…</code>).
          </p>
          <TokenForm />
        </>
      )}
      {state.kind === 'no-token' && (
        <>
          <p>
            <strong>This page was opened without its token.</strong> Open the full URL that{' '}
            <code>flakedeck serve</code> printed (it ends in <code>?token=…</code>).
          </p>
          <TokenForm />
        </>
      )}
    </div>
  )
}

/** The status bar's short form of the same state. */
export function ConnectionStatusItem() {
  const state = useConnectionState()
  const text =
    state.kind === 'connected'
      ? 'connected'
      : state.kind === 'connecting'
        ? 'connecting…'
        : state.kind === 'reconnecting'
          ? 'server not answering'
          : 'token refused'
  return (
    <span
      className={state.kind === 'connected' ? 'status-item muted' : 'status-item status-warning'}
      data-testid="status-connection"
    >
      {state.kind === 'connected' ? '●' : '○'} {text}
    </span>
  )
}
