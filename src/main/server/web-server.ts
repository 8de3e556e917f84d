// Browser mode: the same core as the desktop app, served on 127.0.0.1 with a per-run token.
// Calls are POST /api/<method> with a JSON body; pushed events travel over a WebSocket at /ws.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { contentSecurityPolicy } from '../../shared/csp'
import type { ErrorCode } from '../../shared/errors'
import type { Core } from '../core/core'
import { createAccessGuard } from './access-guard'
import { readStaticFile } from './static-files'

export interface WebServerOptions {
  core: Core
  rendererDir: string
  port?: number
  host?: string
  token?: string
}

export interface RunningWebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const maxBodyBytes = 1024 * 1024

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
  response.writeHead(status, {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  })
  response.end(body)
}

function sendJson(response: ServerResponse, status: number, value: unknown) {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) {
        reject(new Error('too-large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const host = options.host ?? '127.0.0.1'
  let port = options.port ?? 0
  const guard = createAccessGuard(token, () => port)
  const sockets = new Set<WebSocket>()

  const handleApi = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    if (request.method !== 'POST') {
      sendJson(response, 405, {
        ok: false,
        error: { code: 'bad-request', message: 'Calls are POST requests.' },
      })
      return
    }
    let input: unknown
    try {
      const text = await readBody(request)
      input = text.trim() === '' ? {} : JSON.parse(text)
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too-large'
      sendJson(response, tooLarge ? 413 : 400, {
        ok: false,
        error: {
          code: 'bad-request',
          message: tooLarge ? 'The request is too large.' : 'The request body is not valid JSON.',
        },
      })
      return
    }
    const result = await options.core.dispatch(method, input)
    const status = result.ok ? 200 : (statusForError[result.error.code] ?? 422)
    sendJson(response, status, result)
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder')
    const refusal = guard.refusal(request, url)
    if (refusal) {
      if (url.pathname.startsWith('/api/')) {
        sendJson(response, refusal.status, {
          ok: false,
          error: { code: 'bad-request', message: refusal.message },
        })
      } else {
        send(response, refusal.status, refusal.message + '\n', 'text/plain; charset=utf-8')
      }
      return
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApi(request, response, decodeURIComponent(url.pathname.slice('/api/'.length)))
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed\n', 'text/plain; charset=utf-8')
      return
    }
    void readStaticFile(options.rendererDir, url.pathname).then((file) => {
      if (!file) {
        send(response, 404, 'Not found\n', 'text/plain; charset=utf-8')
        return
      }
      const extra: Record<string, string> = { 'Content-Security-Policy': contentSecurityPolicy }
      if (guard.tokenFromQuery(url)) extra['Set-Cookie'] = guard.cookieHeader()
      send(response, 200, file.body, file.contentType, extra)
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBodyBytes })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder')
    const refusal =
      url.pathname === '/ws' ? guard.refusal(request, url) : { status: 404, message: 'Not found' }
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal.status} Refused\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal.message}\n`,
      )
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      const gone = () => {
        sockets.delete(ws)
        // With no page left to acknowledge output, a running rebuild must not wait for one.
        if (sockets.size === 0) options.core.detachedAllClients()
      }
      ws.on('close', gone)
      ws.on('error', gone)
    })
  })

  const unsubscribe = options.core.events.subscribe((name, payload) => {
    const message = JSON.stringify({ type: 'event', name, payload })
    for (const ws of sockets) ws.send(message)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
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
