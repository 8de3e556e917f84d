// Browser mode: the same core as the desktop app, served on 127.0.0.1 with a per-run token.
// Calls are POST /api/<method> with a JSON body and the token in an Authorization header; pushed
// events travel over a WebSocket at /ws, opened with a ticket from POST /ws/ticket. The page
// itself (index.html and its assets) holds no secret and loads without the token.
// No request may end the process: whatever a client sends, it gets an answer and the server goes on.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { contentSecurityPolicy } from '../../shared/csp'
import type { AppErrorData, ErrorCode } from '../../shared/errors'
import type { Core } from '../core/core'
import { maxEditableBytes } from '../services/files/file-content'
import { createAccessGuard, type Refusal } from './access-guard'
import { BodyTooLargeError, maxBodyBytes, mebibytes, readBody } from './request-body'
import { readStaticFile } from './static-files'
import { describeThrown, forClient, reportUnexpected, type ServerLog } from './unexpected-errors'

export interface WebServerOptions {
  core: Core
  rendererDir: string
  port?: number
  host?: string
  token?: string
  /** Where unexpected errors are written, with their id (default: stderr). */
  log?: ServerLog
}

export interface RunningWebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** The page never sends anything over the WebSocket; it only listens. */
const maxSocketMessageBytes = 64 * 1024

const statusForError: Partial<Record<ErrorCode, number>> = {
  'bad-request': 400,
  unavailable: 501,
  internal: 500,
}

function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
) {
  if (response.headersSent) {
    response.end()
    return
  }
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  })
  response.end(body)
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
) {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8', extra)
}

function sendError(
  response: ServerResponse,
  status: number,
  error: AppErrorData,
  extra: Record<string, string> = {},
) {
  sendJson(response, status, { ok: false, error }, extra)
}

function badRequest(message: string): AppErrorData {
  return { code: 'bad-request', message }
}

/** The request's path, decoded, or null when it is not a valid request-target. */
function requestPath(
  request: IncomingMessage,
): { path: string; rawPath: string; search: URLSearchParams } | null {
  try {
    const url = new URL(request.url ?? '/', 'http://loopback')
    return {
      path: decodeURIComponent(url.pathname),
      rawPath: url.pathname,
      search: url.searchParams,
    }
  } catch {
    return null
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string) {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(message) + 1}\r\n\r\n${message}\n`,
  )
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const host = options.host ?? '127.0.0.1'
  const log: ServerLog = options.log ?? ((line) => process.stderr.write(line))
  const guard = createAccessGuard(token)
  const sockets = new Set<WebSocket>()

  const refuse = (response: ServerResponse, refusal: Refusal, api: boolean) => {
    if (api) sendError(response, refusal.status, badRequest(refusal.message))
    else send(response, refusal.status, refusal.message + '\n', 'text/plain; charset=utf-8')
  }

  const handleApi = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    if (request.method !== 'POST') {
      sendError(response, 405, badRequest('Calls are POST requests.'), { Allow: 'POST' })
      return
    }
    let input: unknown
    try {
      const text = await readBody(request)
      input = text.trim() === '' ? {} : JSON.parse(text)
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendError(response, 413, {
          code: 'bad-request',
          message: `The request is too large (${mebibytes(error.received)}); the server accepts ${mebibytes(maxBodyBytes)} at most.`,
          hint: `Files over ${mebibytes(maxEditableBytes)} open read-only; edit larger files in another editor.`,
        })
      } else {
        sendError(response, 400, badRequest('The request body is not valid JSON.'))
      }
      return
    }
    const result = await options.core.dispatch(method, input)
    if (result.ok) {
      sendJson(response, 200, result)
      return
    }
    const error = forClient(result.error, log)
    sendError(response, statusForError[error.code] ?? 422, error)
  }

  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const target = requestPath(request)
    if (!target) {
      send(response, 400, 'Bad request: the request-target is not a valid path.\n', 'text/plain')
      return
    }
    const api = target.path.startsWith('/api/')
    const site = guard.siteRefusal(request.headers)
    if (site) {
      refuse(response, site, api)
      return
    }
    if (api || target.path === '/ws/ticket') {
      const tokenRefusal = guard.tokenRefusal(request.headers)
      if (tokenRefusal) {
        refuse(response, tokenRefusal, true)
        return
      }
    }
    if (api) {
      await handleApi(request, response, target.path.slice('/api/'.length))
      return
    }
    if (target.path === '/ws/ticket') {
      if (request.method !== 'POST') {
        sendError(response, 405, badRequest('Tickets are POST requests.'), { Allow: 'POST' })
        return
      }
      sendJson(response, 200, { ok: true, value: { ticket: guard.issueTicket() } })
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed\n', 'text/plain; charset=utf-8', {
        Allow: 'GET, HEAD',
      })
      return
    }
    const file = await readStaticFile(options.rendererDir, target.rawPath)
    if (!file) {
      send(response, 404, 'Not found\n', 'text/plain; charset=utf-8')
      return
    }
    send(response, 200, file.body, file.contentType, {
      'Content-Security-Policy': contentSecurityPolicy,
    })
  }

  const server: Server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      const data = reportUnexpected(log, describeThrown(error))
      sendError(response, 500, data)
    })
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Unparsable HTTP: answer when the socket still takes it, never throw.
    if (!socket.writable || socket.destroyed || error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request'
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxSocketMessageBytes })
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = requestPath(request)
    if (!target) {
      refuseUpgrade(socket, 400, 'Bad Request', 'The request-target is not a valid path.')
      return
    }
    if (target.path !== '/ws') {
      refuseUpgrade(socket, 404, 'Not Found', 'Not found')
      return
    }
    const site = guard.siteRefusal(request.headers)
    if (site) {
      refuseUpgrade(socket, site.status, 'Forbidden', site.message)
      return
    }
    if (!guard.redeemTicket(target.search.get('ticket'))) {
      refuseUpgrade(
        socket,
        401,
        'Unauthorized',
        'Refused: the WebSocket needs a fresh ticket from POST /ws/ticket.',
      )
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      const gone = () => void sockets.delete(ws)
      ws.on('close', gone)
      ws.on('error', gone)
    })
  }
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy())
    try {
      upgrade(request, socket, head)
    } catch (error) {
      reportUnexpected(log, describeThrown(error))
      socket.destroy()
    }
  })

  const unsubscribe = options.core.events.subscribe((name, payload) => {
    const message = JSON.stringify({ type: 'event', name, payload })
    for (const ws of sockets) ws.send(message)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host}:${port}/?token=${token}`

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe()
        for (const ws of sockets) ws.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
