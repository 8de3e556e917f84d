// The page's link to the core, as the user should see it. The desktop app is always connected; in
// browser mode the server can go away (stopped, restarted, a tunnel dropped) and come back.

export type ConnectionState =
  /** Talking to the server (or the desktop app's own core). */
  | { kind: 'connected' }
  /** The first connection of this page, not made yet. */
  | { kind: 'connecting' }
  /** Lost and retrying: `since` is when it went away (ms since epoch). */
  | { kind: 'reconnecting'; since: number; attempts: number }
  /** A server answers but refuses this page's token: a new `flakedeck serve` run. */
  | { kind: 'refused' }
  /** The page was opened without a token (the address without ?token=…). */
  | { kind: 'no-token' }

export interface Connection {
  get(): ConnectionState
  subscribe(listener: () => void): () => void
  /** Called when the same server answers again after the connection was lost. */
  onResume(listener: () => void): () => void
  /**
   * Called once the app has its repo open on the server again after a resume: areas refetch
   * what they show (events sent while the page was away are gone).
   */
  onResynced(listener: () => void): () => void
  announceResynced(): void
  /** Try again now instead of waiting for the next attempt. */
  retry(): void
  /**
   * Switch to the token of the URL a new server printed (pasted by the user), keeping the page and
   * its unsaved edits. Returns what is wrong with the text, or null.
   */
  useToken(printedUrl: string): string | null
}

export interface ConnectionStore extends Connection {
  set(state: ConnectionState): void
  resumed(): void
}

export function connectionStore(
  initial: ConnectionState,
  actions: Pick<Connection, 'retry' | 'useToken'> = {
    retry: () => {},
    useToken: () => 'This app is not connected through a token.',
  },
): ConnectionStore {
  let state = initial
  const listeners = new Set<() => void>()
  const resumeListeners = new Set<() => void>()
  const resyncListeners = new Set<() => void>()
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onResume(listener) {
      resumeListeners.add(listener)
      return () => resumeListeners.delete(listener)
    },
    onResynced(listener) {
      resyncListeners.add(listener)
      return () => resyncListeners.delete(listener)
    },
    announceResynced() {
      for (const listener of [...resyncListeners]) listener()
    },
    retry: () => actions.retry(),
    useToken: (text) => actions.useToken(text),
    set(next) {
      if (JSON.stringify(next) === JSON.stringify(state)) return
      state = next
      for (const listener of [...listeners]) listener()
    },
    resumed() {
      for (const listener of [...resumeListeners]) listener()
    },
  }
}
