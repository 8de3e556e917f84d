import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createCore, type Core } from '../../src/main/core/core'
import { createAccessGuard, ticketLifetimeMs } from '../../src/main/server/access-guard'
import { maxBodyBytes } from '../../src/main/server/request-body'
import { startWebServer, type RunningWebServer } from '../../src/main/server/web-server'
import { maxEditableBytes } from '../../src/main/services/files/file-content'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { useTempDirs } from '../helpers/temp-dir'
import { rawJson, rawRequest } from './server/raw-http'

const tempDir = useTempDirs()
const running: { core: Core; server: RunningWebServer }[] = []
afterEach(async () => {
  for (const { core, server } of running.splice(0)) {
    await server.close()
    await core.close()
  }
})

async function start(options: { token?: string } = {}) {
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  const core = createCore({ dataDir: tempDir(), shell: 'browser', appVersion: 'test' })
  const logged: string[] = []
  const server = await startWebServer({
    core,
    rendererDir,
    port: 0,
    token: options.token,
    log: (line) => logged.push(line),
  })
  running.push({ core, server })
  const base = `http://127.0.0.1:${server.port}`
  const auth = { authorization: `Bearer ${server.token}` }
  /** A call as the page makes it. */
  const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const ticket = async () => {
    const res = await fetch(`${base}/ws/ticket`, { method: 'POST', headers: auth })
    expect(res.status).toBe(200)
    return ((await res.json()) as { value: { ticket: string } }).value.ticket
  }
  return { core, server, base, auth, call, ticket, logged }
}

function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ ws: WebSocket } | { status: number }>((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', () => resolve({ status: -1 }))
  })
}

const upgradeHeaders =
  'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'

describe('browser-mode server', () => {
  it('listens on loopback only and prints a URL with the token', async () => {
    const { server } = await start()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
  })

  it('serves the page without the token, sets no cookie, and takes the token only as a header', async () => {
    const { server, base, call } = await start()
    const first = await fetch(server.url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(first.headers.get('set-cookie')).toBeNull()
    expect((await fetch(`${base}/`)).status).toBe(200)

    expect((await call('app.status', {})).status).toBe(200)
    const bare = await call('app.status', {}, { authorization: '' })
    expect(bare.status).toBe(401)
    expect(await bare.text()).toContain('needs its token')
    expect((await call('app.status', {}, { authorization: 'Bearer wrong' })).status).toBe(401)
    // A token in the URL or in the old cookie is not a credential any more.
    const inQuery = await fetch(`${base}/api/app.status?token=${server.token}`, {
      method: 'POST',
      body: '{}',
    })
    expect(inQuery.status).toBe(401)
    const inCookie = await fetch(`${base}/api/app.status`, {
      method: 'POST',
      headers: { cookie: `flakedeck_token=${server.token}` },
      body: '{}',
    })
    expect(inCookie.status).toBe(401)
    expect(inCookie.headers.get('set-cookie')).toBeNull()
  })

  it('keeps static paths inside the renderer folder', async () => {
    const { base } = await start()
    const res = await fetch(`${base}/..%2F..%2F..%2Fetc%2Fpasswd`)
    expect(res.status).toBe(404)
  })

  it('opens the WebSocket with a single-use ticket obtained with the token', async () => {
    const { core, server, base, ticket } = await start()
    const wsBase = `ws://127.0.0.1:${server.port}/ws`
    expect(await connect(wsBase)).toEqual({ status: 401 })
    expect(await connect(`${wsBase}?token=${server.token}`)).toEqual({ status: 401 })
    expect((await fetch(`${base}/ws/ticket`, { method: 'POST' })).status).toBe(401)

    const foreign = await ticket()
    expect(await connect(`${wsBase}?ticket=${foreign}`, { Origin: 'http://evil.example' })).toEqual(
      { status: 403 },
    )
    const once = await ticket()
    const good = await connect(`${wsBase}?ticket=${once}`, { Origin: base })
    if (!('ws' in good)) throw new Error(`connection refused: ${good.status}`)
    expect(await connect(`${wsBase}?ticket=${once}`, { Origin: base })).toEqual({ status: 401 })

    const received = new Promise<unknown>((resolve) =>
      good.ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    )
    core.events.emit('app.notice', { level: 'info', message: 'hello' })
    expect(await received).toEqual({
      type: 'event',
      name: 'app.notice',
      payload: { level: 'info', message: 'hello' },
    })
    good.ws.close()
  })

  it('answers a malformed call with 400 and keeps running', async () => {
    const { call } = await start()
    expect((await call('repo.open', '{"path": []}')).status).toBe(400)
    expect((await call('repo.open', '{not json')).status).toBe(400)
    expect((await call('repo.recent', {})).status).toBe(200)
  })
})

describe('no request ends the server (issue 12 items 12, 13)', () => {
  it('answers an invalid request-target with 400, on the request and the upgrade path', async () => {
    const { server, call } = await start()
    const host = `Host: 127.0.0.1:${server.port}\r\n`
    const plain = await rawRequest(
      server.port,
      `GET http://[/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
    )
    expect(plain.status).toBe(400)
    const upgrade = await rawRequest(
      server.port,
      `GET http://[/ HTTP/1.1\r\n${host}${upgradeHeaders}\r\n`,
    )
    expect(upgrade.status).toBe(400)
    expect((await call('app.status', {})).status).toBe(200)
  })

  it('answers bad percent-encoding with 400, with or without the token', async () => {
    const { server, auth, call } = await start()
    const host = `Host: 127.0.0.1:${server.port}\r\n`
    const withToken = await rawRequest(
      server.port,
      `POST /api/%E0%A4 HTTP/1.1\r\n${host}Authorization: ${auth.authorization}\r\n` +
        'Content-Length: 2\r\nConnection: close\r\n\r\n{}',
    )
    expect(withToken.status).toBe(400)
    const withoutToken = await rawRequest(
      server.port,
      `GET /%E0%A4 HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
    )
    expect(withoutToken.status).toBe(400)
    const upgrade = await rawRequest(
      server.port,
      `GET /ws%E0%A4 HTTP/1.1\r\n${host}${upgradeHeaders}\r\n`,
    )
    expect(upgrade.status).toBe(400)
    const upgradeTicket = await rawRequest(
      server.port,
      `GET /ws?ticket=%E0%A4 HTTP/1.1\r\n${host}${upgradeHeaders}\r\n`,
    )
    expect(upgradeTicket.status).toBe(401)
    expect((await call('app.status', {})).status).toBe(200)
  })

  it('answers unparsable HTTP with 400 and goes on', async () => {
    const { server, call } = await start()
    const garbage = await rawRequest(server.port, 'NOT HTTP AT ALL\r\n\r\n')
    expect(garbage.status).toBe(400)
    expect((await call('app.status', {})).status).toBe(200)
  })
})

describe('Host and Origin (issue 12 item 15)', () => {
  it('accepts any port on the loopback names, so a tunnel on another port works', async () => {
    const { server, auth } = await start()
    for (const host of [
      'localhost:8000',
      '127.0.0.1:1',
      '[::1]:65535',
      'LOCALHOST:8000',
      'localhost',
    ]) {
      const answer = await rawRequest(
        server.port,
        `POST /api/app.status HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host.toLowerCase()}\r\n` +
          `Authorization: ${auth.authorization}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      )
      expect(answer.status, host).toBe(200)
    }
  })

  it('refuses other hosts, other origins and a missing token through a tunnel too', async () => {
    const { server, auth } = await start()
    const ask = (host: string, origin: string | null, authorization: string | null) =>
      rawRequest(
        server.port,
        `POST /api/app.status HTTP/1.1\r\nHost: ${host}\r\n` +
          (origin === null ? '' : `Origin: ${origin}\r\n`) +
          (authorization === null ? '' : `Authorization: ${authorization}\r\n`) +
          'Content-Length: 2\r\nConnection: close\r\n\r\n{}',
      )
    const token = auth.authorization
    expect((await ask('evil.example', null, token)).status).toBe(403)
    expect((await ask('127.0.0.1.evil.example:80', null, token)).status).toBe(403)
    expect((await ask('localhost:99999', null, token)).status).toBe(403)
    expect((await ask('localhost:8000', 'http://localhost:9000', token)).status).toBe(403)
    expect((await ask('localhost:8000', 'http://127.0.0.1:8000', token)).status).toBe(403)
    expect((await ask('localhost:8000', 'http://evil.example', token)).status).toBe(403)
    expect((await ask('localhost:8000', 'null', token)).status).toBe(403)
    expect((await ask('localhost:8000', 'http://localhost:8000', null)).status).toBe(401)
    expect((await ask('localhost:8000', 'http://localhost:8000', token)).status).toBe(200)
  })

  it('opens the WebSocket through a tunnel port', async () => {
    const { server, ticket } = await start()
    const tunnel = { Host: 'localhost:8000', Origin: 'http://localhost:8000' }
    const opened = await connect(
      `ws://127.0.0.1:${server.port}/ws?ticket=${await ticket()}`,
      tunnel,
    )
    if (!('ws' in opened)) throw new Error(`connection refused: ${opened.status}`)
    opened.ws.close()
    const wrongOrigin = { Host: 'localhost:8000', Origin: 'http://localhost:8001' }
    expect(
      await connect(`ws://127.0.0.1:${server.port}/ws?ticket=${await ticket()}`, wrongOrigin),
    ).toEqual({ status: 403 })
  })
})

describe('two servers (issue 12 item 16)', () => {
  it('each accepts its own token at the same time and refuses the other one', async () => {
    const one = await start()
    const two = await start()
    expect((await one.call('app.status', {})).status).toBe(200)
    expect((await two.call('app.status', {})).status).toBe(200)
    expect((await one.call('app.status', {})).status).toBe(200)
    expect((await one.call('app.status', {}, two.auth)).status).toBe(401)
    expect((await two.call('app.status', {}, one.auth)).status).toBe(401)
  })
})

describe('request size (issue 12 item 6)', () => {
  it('saves a file as large as the Files area opens for editing', async () => {
    const { core, call } = await start()
    const repo = makeRepo(tempDir(), { 'flake.nix': minimalFlake })
    expect((await core.dispatch('repo.open', { path: repo })).ok).toBe(true)
    // Newlines: each byte doubles in JSON, the worst case of ordinary text.
    const content = '\n'.repeat(maxEditableBytes)
    const res = await call('files.write', { repo, path: 'big.txt', content, baseVersion: null })
    expect(res.status).toBe(200)
    const read = await core.dispatch('files.read', { repo, path: 'big.txt' })
    expect(read).toMatchObject({
      ok: true,
      value: { readOnlyReason: null, size: maxEditableBytes },
    })
  })

  it('answers a body over the limit with a 413 before closing, not a reset', async () => {
    const { server, auth, call } = await start()
    const body = Buffer.alloc(maxBodyBytes + 1024 * 1024, 'a')
    const answer = await rawRequest(
      server.port,
      `POST /api/files.write HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `Authorization: ${auth.authorization}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body,
    )
    expect(answer.error).toBeNull()
    expect(answer.status).toBe(413)
    const result = rawJson(answer) as { ok: boolean; error: { message: string } }
    expect(result.ok).toBe(false)
    expect(result.error.message).toMatch(/too large \(14\.0 MiB\).*13\.0 MiB at most/)

    // As a browser's fetch sends it: the answer arrives instead of "cannot be reached".
    const viaFetch = await call('files.write', body.toString())
    expect(viaFetch.status).toBe(413)
    expect((await call('app.status', {})).status).toBe(200)
  })
})

describe('unexpected errors (issue 12 item 18)', () => {
  it('logs the stack under an id and sends the client only a message with that id', async () => {
    const { core, call, logged } = await start()
    core.db.exec('DROP TABLE recent_repos')
    const res = await call('repo.recent', {})
    expect(res.status).toBe(500)
    const result = (await res.json()) as {
      ok: boolean
      error: { code: string; message: string; hint: string; details?: string }
    }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe('internal')
    expect(result.error.details).toBeUndefined()
    expect(JSON.stringify(result)).not.toMatch(/recent_repos|\bat .*\.ts:\d+/)
    const id = /error id ([0-9a-f]{8})/.exec(result.error.message)?.[1]
    expect(id).toBeDefined()
    expect(result.error.hint).toContain(id)
    const line = logged.find((l) => l.includes(`unexpected error ${id}`))
    expect(line).toContain('no such table: recent_repos')
    expect(line).toMatch(/\n\s+at /)
  })
})

describe('WebSocket tickets', () => {
  it('expire after their lifetime and are used up by the first try', () => {
    let now = 1_000_000
    const guard = createAccessGuard('t'.repeat(48), () => now)
    const late = guard.issueTicket()
    now += ticketLifetimeMs
    expect(guard.redeemTicket(late)).toBe(false)
    const fresh = guard.issueTicket()
    expect(guard.redeemTicket('x' + fresh.slice(1))).toBe(false)
    expect(guard.redeemTicket(fresh)).toBe(true)
    expect(guard.redeemTicket(fresh)).toBe(false)
    expect(guard.redeemTicket(null)).toBe(false)
  })
})
