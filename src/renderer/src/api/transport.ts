// How the page reaches the core: through the preload's named functions in the desktop app, or
// over HTTP + WebSocket to `flakedeck serve` in a browser. Both carry the shared contract.
// In browser mode the transport also keeps the connection: the token in an Authorization header,
// the event socket reopened when it drops, and a state the page shows (see ConnectionBanner).
import type { EventName, MethodName } from '../../../shared/channels'
import type { Result } from '../../../shared/errors'
import { connectionStore, type Connection } from './connection'
import { takePageToken, tokenFromPrintedUrl } from './page-token'

export interface Transport {
  readonly kind: 'electron' | 'browser'
  readonly connection: Connection
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
    connection: connectionStore({ kind: 'connected' }),
    call: (method, input) => api.methods[method](input),
    subscribe: (event, listener) => api.events[event](listener),
  }
}

/** Until the server answers again, attempts come this often at most. */
const maxRetryMs = 3000
/** A refused token is retried slowly: the earlier server may come back on this address. */
const refusedRetryMs = 10_000
/** Body size below which a draft is sent as a keepalive request (the browser's quota is 64 KiB). */
const keepaliveLimit = 60 * 1024

function unavailable(message: string, hint: string): Result<unknown> {
  return { ok: false, error: { code: 'unavailable', message, hint } }
}

const noTokenResult = unavailable(
  'This page was opened without its token.',
  'Open the full URL that "flakedeck serve" printed (it ends in ?token=…).',
)
const refusedResult = unavailable(
  'The Flakedeck server at this address does not accept this page: it is a new run of "flakedeck serve".',
  'Open the URL the new run printed (it ends in ?token=…), or paste it into the bar at the top.',
)
const unreachableResult = unavailable(
  'The Flakedeck server cannot be reached.',
  'This page reconnects by itself when "flakedeck serve" is running again; keep it open.',
)

function browserTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let token = takePageToken()
  let socket: WebSocket | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let connecting = false
  let lostSince: number | null = null
  let attempts = 0

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void connect(), ms)
  }
  const lost = () => {
    if (connection.get().kind === 'refused') {
      schedule(refusedRetryMs)
      return
    }
    lostSince ??= Date.now()
    attempts += 1
    connection.set({ kind: 'reconnecting', since: lostSince, attempts })
    schedule(Math.min(500 * 2 ** (attempts - 1), maxRetryMs))
  }
  const refused = () => {
    connection.set({ kind: 'refused' })
    schedule(refusedRetryMs)
  }
  const authHeaders = (): Record<string, string> => ({ Authorization: `Bearer ${token ?? ''}` })

  const openSocket = (ticket: string) => {
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(
      `${protocol}//${location.host}/ws?ticket=${encodeURIComponent(ticket)}`,
    )
    socket = ws
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as {
        type: string
        name: string
        payload: unknown
      }
      if (data.type !== 'event') return
      for (const listener of listeners.get(data.name) ?? []) listener(data.payload)
    }
    ws.onopen = () => {
      // Any connection after the first: the server was away, or it is a new one.
      const resumed = connection.get().kind !== 'connecting'
      lostSince = null
      attempts = 0
      connection.set({ kind: 'connected' })
      // Events sent while the page was away are gone: let the app catch up.
      if (resumed) connection.resumed()
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      lost()
    }
  }

  // Browsers cannot put headers on a WebSocket: the socket presents a single-use ticket that an
  // authenticated call fetched just before.
  const connect = async () => {
    if (connecting || socket || !token) return
    connecting = true
    if (timer) clearTimeout(timer)
    try {
      const response = await fetch('/ws/ticket', { method: 'POST', headers: authHeaders() })
      if (response.status === 401) {
        refused()
        return
      }
      if (!response.ok) {
        lost()
        return
      }
      const body = (await response.json()) as { value: { ticket: string } }
      openSocket(body.value.ticket)
    } catch {
      lost()
    } finally {
      connecting = false
    }
  }

  const connection = connectionStore(token ? { kind: 'connecting' } : { kind: 'no-token' }, {
    retry: () => {
      attempts = 0
      void connect()
    },
    useToken: (text) => {
      const found = tokenFromPrintedUrl(text)
      if ('error' in found) return found.error
      token = found.token
      // A new server: once the socket opens, the app opens its repo there again.
      lostSince ??= Date.now()
      attempts = 0
      connection.set({ kind: 'reconnecting', since: lostSince, attempts })
      void connect()
      return null
    },
  })
  void connect()

  return {
    kind: 'browser',
    connection,
    async call(method, input) {
      if (!token) return noTokenResult
      let response: Response
      try {
        const body = JSON.stringify(input ?? {})
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...authHeaders() },
          body,
          // A draft sent as the page goes away must outlive it (browsers allow 64 KiB of such).
          keepalive: method === 'drafts.save' && body.length < keepaliveLimit,
        })
      } catch {
        if (connection.get().kind === 'connected') socket?.close()
        return unreachableResult
      }
      if (response.status === 401) {
        refused()
        return refusedResult
      }
      try {
        return (await response.json()) as Result<unknown>
      } catch {
        if (response.status === 413) {
          return {
            ok: false,
            error: {
              code: 'bad-request',
              message: 'This is more than the Flakedeck server accepts in one request.',
              hint: 'Files over 2 MiB open read-only; edit larger files in another editor.',
            },
          }
        }
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
