// Browser mode's token and connection, in a real browser against the real `flakedeck serve`:
// the token leaves the address bar and never becomes a cookie, two servers work side by side,
// and the page says when its server is gone, reconnects when it is back, and shows the way
// forward when a new run answers instead (issue 12 items 6, 10, 14, 16).
import type { Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { expect, screenshot, test } from './nix-test'
import { rawRequest } from '../services/server/raw-http'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let repo: string
let other: string
const started: ServedApp[] = []

async function serve(args: string[], env: Record<string, string> = {}) {
  const app = await serveFlakedeck(args, env)
  started.push(app)
  return app
}

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-connection-'))
  repo = makeRepo(join(work, 'nixos-config'), {
    'flake.nix': minimalFlake,
    'README.md': '# config\n',
    // Over 1 MiB and under the 2 MiB the Files area opens for editing.
    'data.txt': 'line of data\n'.repeat(120_000),
  })
  other = makeRepo(join(work, 'other-config'), { 'flake.nix': minimalFlake })
})

test.afterEach(async () => {
  for (const app of started.splice(0)) await app.stop()
})

test.afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

async function openFile(page: Page, name: string, text: string) {
  await page.getByRole('button', { name, exact: true }).click()
  await expect(page.locator('.view-lines')).toContainText(text)
}

/** Types at the end of the first line of the open editor. */
async function typeOnFirstLine(page: Page, text: string) {
  await page.getByTestId('code-editor').click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}

async function save(page: Page, name: string) {
  await page.keyboard.press('Control+s')
  await expect(page.getByRole('tab', { name: new RegExp(`${name}.*unsaved`) })).toHaveCount(0)
}

test('the token leaves the address bar, no cookie is set, and a reload keeps working', async ({
  page,
  context,
}) => {
  const app = await serve(['--flake', repo])
  await page.goto(app.url)
  await expect(page.getByTestId('status-repo')).toHaveText(/nixos-config/)
  expect(page.url()).toBe(`${app.origin}/`)
  expect(await context.cookies()).toEqual([])
  await expect(page.getByTestId('status-connection')).toHaveText(/connected/)

  await page.reload()
  await expect(page.getByTestId('status-repo')).toHaveText(/nixos-config/)
  await expect(page.getByTestId('status-connection')).toHaveText(/connected/)
  expect(await context.cookies()).toEqual([])

  // Another tab at the bare address has no token: it says what to do, and takes the URL.
  const bare = await context.newPage()
  await bare.goto(`${app.origin}/`)
  const banner = bare.getByTestId('connection-banner')
  await expect(banner).toContainText('opened without its token')
  await banner.getByRole('textbox').fill(app.url)
  await banner.getByRole('button', { name: 'Connect' }).click()
  await expect(banner).toHaveCount(0)
  await expect(bare.getByTestId('status-repo')).toHaveText(/nixos-config/)
})

test('two servers stay logged in side by side in one browser', async ({ context }) => {
  const first = await serve(['--flake', repo])
  const second = await serve(['--flake', other])
  const one = await context.newPage()
  const two = await context.newPage()
  await one.goto(first.url)
  await two.goto(second.url)
  await expect(one.getByTestId('status-repo')).toHaveText(/nixos-config/)
  await expect(two.getByTestId('status-repo')).toHaveText(/other-config/)
  // Each page goes on working after the other one logged in.
  await one.reload()
  await openFile(one, 'README.md', '# config')
  await two.reload()
  await openFile(two, 'flake.nix', 'outputs')
  await expect(one.getByTestId('status-connection')).toHaveText(/connected/)
  await expect(two.getByTestId('status-connection')).toHaveText(/connected/)
  expect(await context.cookies()).toEqual([])
})

test('a file between 1 and 2 MiB opens for editing and saves in browser mode', async ({ page }) => {
  const app = await serve(['--flake', repo])
  await page.goto(app.url)
  await openFile(page, 'data.txt', 'line of data')
  await typeOnFirstLine(page, ' (edited)')
  await save(page, 'data.txt')
  const saved = readFileSync(join(repo, 'data.txt'), 'utf8')
  expect(saved.startsWith('line of data (edited)\nline of data\n')).toBe(true)
  expect(saved.length).toBe('line of data\n'.length * 120_000 + ' (edited)'.length)
})

test('says when the server is gone, resumes when it is back, and guides to a new run', async ({
  page,
}) => {
  // The same server again = the same address and token (FLAKEDECK_SERVE_TOKEN).
  const token = randomBytes(24).toString('hex')
  const first = await serve(['--flake', repo], { FLAKEDECK_SERVE_TOKEN: token })
  const port = new URL(first.origin).port
  await page.goto(first.url)
  await openFile(page, 'README.md', '# config')
  await expect(page.getByTestId('status-connection')).toHaveText(/connected/)
  await typeOnFirstLine(page, ' (kept)')

  await first.stop()
  const banner = page.getByTestId('connection-banner')
  await expect(banner).toContainText('not answering')
  await expect(page.getByTestId('status-connection')).toHaveText(/server not answering/)
  await screenshot(page, 'connection-lost.png')

  // Made while no server watched: no event will ever say so.
  writeFileSync(join(repo, 'added-while-away.txt'), 'hello\n')
  await serve(['--flake', repo, '--port', port], { FLAKEDECK_SERVE_TOKEN: token })
  await expect(banner).toHaveCount(0, { timeout: 15_000 })
  await expect(page.getByTestId('status-connection')).toHaveText(/connected/)
  await expect(page.getByRole('button', { name: 'added-while-away.txt' })).toBeVisible()
  await expect(page.locator('.view-lines')).toContainText('# config (kept)')
  await save(page, 'README.md')
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config (kept)\n')

  // A new run on the same port has a new token: the page says what to do, and a pasted URL
  // brings it back without a reload, edits and all.
  await typeOnFirstLine(page, ' (again)')
  await started.at(-1)?.stop()
  await expect(banner).toContainText('not answering')
  const fresh = await serve(['--flake', repo, '--port', port])
  await expect(banner).toContainText('A new Flakedeck server is running at this address', {
    timeout: 15_000,
  })
  await expect(page.getByTestId('status-connection')).toHaveText(/token refused/)
  await screenshot(page, 'connection-new-server.png')
  await banner.getByRole('textbox').fill(fresh.url)
  await banner.getByRole('button', { name: 'Connect' }).click()
  await expect(banner).toHaveCount(0)
  await expect(page.locator('.view-lines')).toContainText('# config (kept) (again)')
  await save(page, 'README.md')
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config (kept) (again)\n')
})

test('no request ends the flakedeck serve process', async () => {
  const app = await serve(['--flake', repo])
  const port = Number(new URL(app.origin).port)
  const host = `Host: 127.0.0.1:${port}\r\n`
  const upgrade =
    'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
  const attacks = [
    `GET http://[/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
    `GET http://[/ HTTP/1.1\r\n${host}${upgrade}\r\n`,
    `POST /api/%E0%A4 HTTP/1.1\r\n${host}Authorization: Bearer ${app.token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    `GET /ws%E0%A4 HTTP/1.1\r\n${host}${upgrade}\r\n`,
  ]
  for (const attack of attacks) expect((await rawRequest(port, attack)).status, attack).toBe(400)
  expect(await app.call('app.status', {})).toMatchObject({ shell: 'browser' })
  expect(app.output()).not.toMatch(/TypeError|URIError/)
})

/** A TCP tunnel like `ssh -L`: a new local port that forwards to `port`. */
async function tunnelTo(port: number): Promise<{ port: number; server: Server }> {
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1')
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the tunnel has no port')
  return { port: address.port, server }
}

test('works through a tunnel on another local port', async ({ page }) => {
  const app = await serve(['--flake', repo])
  const tunnel = await tunnelTo(Number(new URL(app.origin).port))
  try {
    await page.goto(`http://localhost:${tunnel.port}/?token=${app.token}`)
    await expect(page.getByTestId('status-repo')).toHaveText(/nixos-config/)
    await expect(page.getByTestId('status-connection')).toHaveText(/connected/)
    await openFile(page, 'README.md', '# config')
    expect(page.url()).toBe(`http://localhost:${tunnel.port}/`)
  } finally {
    await page.close()
    tunnel.server.close()
  }
})
