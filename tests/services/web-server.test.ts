import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createCore, type Core } from '../../src/main/core/core'
import { startWebServer, type RunningWebServer } from '../../src/main/server/web-server'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
const running: { core: Core; server: RunningWebServer }[] = []
afterEach(async () => {
  for (const { core, server } of running.splice(0)) {
    await server.close()
    await core.close()
  }
})

async function start() {
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  const core = createCore({ dataDir: tempDir(), shell: 'browser', appVersion: 'test' })
  const server = await startWebServer({ core, rendererDir, port: 0 })
  running.push({ core, server })
  return { core, server, base: `http://127.0.0.1:${server.port}` }
}

function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ ws: WebSocket } | { status: number }>((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', () => resolve({ status: -1 }))
  })
}

describe('browser-mode server', () => {
  it('listens on loopback only and prints a URL with the token', async () => {
    const { server } = await start()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
  })

  it('sets the token cookie on the first visit and accepts it afterwards', async () => {
    const { server, base } = await start()
    const first = await fetch(server.url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'")
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(cookie).toMatch(/^flakedeck_token=/)
    expect((await fetch(`${base}/`, { headers: { cookie } })).status).toBe(200)
    expect((await fetch(`${base}/`)).status).toBe(401)
  })

  it('keeps static paths inside the renderer folder', async () => {
    const { server, base } = await start()
    const res = await fetch(`${base}/..%2F..%2F..%2Fetc%2Fpasswd?token=${server.token}`)
    expect(res.status).toBe(404)
  })

  it('pushes events over the WebSocket only to holders of the token', async () => {
    const { core, server } = await start()
    const wsBase = `ws://127.0.0.1:${server.port}/ws`
    expect(await connect(wsBase)).toEqual({ status: 401 })
    expect(
      await connect(`${wsBase}?token=${server.token}`, { Origin: 'http://evil.example' }),
    ).toEqual({ status: 403 })
    const good = await connect(`${wsBase}?token=${server.token}`)
    if (!('ws' in good)) throw new Error(`connection refused: ${good.status}`)
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
    const { server, base } = await start()
    const bad = await fetch(`${base}/api/repo.open?token=${server.token}`, {
      method: 'POST',
      body: '{"path": []}',
    })
    expect(bad.status).toBe(400)
    const huge = await fetch(`${base}/api/repo.open?token=${server.token}`, {
      method: 'POST',
      body: JSON.stringify({ path: 'x'.repeat(2 * 1024 * 1024) }),
    }).catch(() => null)
    expect(huge === null || huge.status === 413).toBe(true)
    const ok = await fetch(`${base}/api/repo.recent?token=${server.token}`, {
      method: 'POST',
      body: '{}',
    })
    expect(ok.status).toBe(200)
  })
})
