// One area asking another for something (open a file, show a run, preview an update) without
// either importing the other: the asking side calls `request`, the area that can do it `listen`s.

export interface RequestChannel<T> {
  // Properties, not methods: each module exports them on their own (no `this`).
  /** Hears every request from now on; returns how to stop. */
  listen: (listener: (request: T) => void) => () => void
  request: (request: T) => void
}

/**
 * A channel for requests of type T. With `keepUntilHeard`, a request made while nobody listens
 * (its area loads on demand and has not mounted yet) waits, the newest only, for the first
 * listener; without it, such a request is dropped (its area is always mounted).
 */
export function requestChannel<T>(options: { keepUntilHeard?: boolean } = {}): RequestChannel<T> {
  const listeners = new Set<(request: T) => void>()
  let pending: { request: T } | null = null
  return {
    listen: (listener) => {
      listeners.add(listener)
      if (pending) {
        const { request } = pending
        pending = null
        listener(request)
      }
      return () => {
        listeners.delete(listener)
      }
    },
    request: (request) => {
      if (options.keepUntilHeard && listeners.size === 0) pending = { request }
      for (const listener of listeners) listener(request)
    },
  }
}
