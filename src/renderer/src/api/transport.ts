// How the page reaches the core: through the preload's named functions in the desktop app, or
// over HTTP + WebSocket to `flakedeck serve` in a browser. Both carry the shared contract.
import type { EventName, MethodName } from '../../../shared/channels'
import type { Result } from '../../../shared/errors'

export interface Transport {
  readonly kind: 'electron' | 'browser'
  call(method: MethodName, input: unknown): Promise<Result<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

interface PreloadApi {
  methods: Record<MethodName, (input: unknown) => Promise<Result<unknown>>>
  events: Record<EventName, (listener: (payload: unknown) => void) => () => void>
}

declare global {
  interface Window {
    flakedeck?: PreloadApi
  }
}

function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    call: (method, input) => api.methods[method](input),
    subscribe: (event, listener) => api.events[event](listener),
  }
}

function browserTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let socket: WebSocket | null = null
  let retry = 500
  const connect = () => {
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
    socket = new WebSocket(`${protocol}//${location.host}/ws`)
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as {
        type: string
        name: string
        payload: unknown
      }
      if (data.type !== 'event') return
      for (const listener of listeners.get(data.name) ?? []) listener(data.payload)
    }
    socket.onopen = () => {
      retry = 500
    }
    socket.onclose = () => {
      // The server may restart; reconnect with backoff.
      setTimeout(connect, retry)
      retry = Math.min(retry * 2, 10_000)
    }
  }
  connect()
  return {
    kind: 'browser',
    async call(method, input) {
      let response: Response
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        })
      } catch {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: 'The Flakedeck server cannot be reached.',
            hint: 'Check that "flakedeck serve" is still running, then reload the page.',
          },
        }
      }
      try {
        return (await response.json()) as Result<unknown>
      } catch {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The server answered ${response.status} without a result.`,
          },
        }
      }
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }
}

export function createTransport(): Transport {
  return window.flakedeck ? electronTransport(window.flakedeck) : browserTransport()
}
