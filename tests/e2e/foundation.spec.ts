import { expect, screenshot, test } from './nix-test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let work: string
let app: ServedApp

serveForFile(
  'foundation',
  repoSetUp({
    'flake.nix': minimalFlake,
    'configuration.nix': '{ ... }: { }\n',
  }),
  (served) => {
    ;({ work, app } = served)
  },
)

test('opens the repo named on the command line and shows the layout', async ({ page }) => {
  await page.goto(app.url)
  const areas = page.getByRole('navigation', { name: 'Areas' })
  await expect(areas).toBeVisible()
  for (const area of ['Files', 'Inputs', 'Rebuild', 'Generations']) {
    await expect(areas.getByRole('button', { name: area, exact: true })).toBeVisible()
  }
  await expect(page.getByTestId('status-repo')).toHaveText(/nixos-config/)
  await expect(page.getByTestId('status-branch')).toHaveText(/main|master/)
  await expect(page.getByTestId('status-nix')).toHaveText(/nix \d+\.\d+/)
  await areas.getByRole('button', { name: 'Inputs', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Inputs' })).toBeVisible()
  await page.keyboard.press('Control+1')
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.getByRole('button', { name: 'flake.nix' }).click()
  await expect(page.locator('.view-lines')).toContainText('outputs')
  await screenshot(page, 'workspace.png')
})

test('refuses paths that are not flake repos, with a clear message, and keeps serving', async ({
  page,
}) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Open another…' }).click()
  const field = page.getByLabel('Flake repository')
  // Scoped: Monaco leaves aria-live alert elements of its own in the page.
  const alert = page.getByRole('region', { name: 'Flakedeck' }).getByRole('alert')

  await field.fill(join(work, 'missing'))
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(alert).toContainText('There is no folder at')

  const file = join(work, 'a-file.txt')
  writeFileSync(file, 'x')
  await field.fill(file)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(alert).toContainText('is a file, not a folder')

  const plain = join(work, 'plain-dir')
  mkdirSync(plain)
  await field.fill(plain)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(alert).toContainText('is not a git repository')

  const noFlake = makeRepo(join(work, 'no-flake'), { 'README.md': 'hi\n' })
  await field.fill(noFlake)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(alert).toContainText('has no flake.nix')
  await screenshot(page, 'open-error.png')

  // The recent list remembers the repo that did open, and opens it again.
  await page.getByRole('button', { name: /^nixos-config/ }).click()
  await expect(page.getByTestId('status-repo')).toHaveText(/nixos-config/)
})

test('the server refuses calls without the token or from another origin', async ({ request }) => {
  // The page itself holds no secret: it loads, and asks for the token when it has none.
  const page = await request.get(`${app.origin}/`)
  expect(page.status()).toBe(200)
  expect(page.headers()['set-cookie']).toBeUndefined()

  const token = { Authorization: `Bearer ${app.token}` }
  const bare = await request.post(`${app.origin}/api/app.status`, { data: {} })
  expect(bare.status()).toBe(401)
  expect(await bare.text()).toContain('needs its token')

  const wrong = await request.post(`${app.origin}/api/app.status`, {
    data: {},
    headers: { Authorization: 'Bearer wrong' },
  })
  expect(wrong.status()).toBe(401)

  const inUrl = await request.post(`${app.origin}/api/app.status?token=${app.token}`, { data: {} })
  expect(inUrl.status()).toBe(401)

  const foreign = await request.post(`${app.origin}/api/app.status`, {
    data: {},
    headers: { ...token, Origin: 'http://evil.example' },
  })
  expect(foreign.status()).toBe(403)

  const rebound = await request.post(`${app.origin}/api/app.status`, {
    data: {},
    headers: { ...token, Host: 'evil.example' },
  })
  expect(rebound.status()).toBe(403)

  const malformed = await request.post(`${app.origin}/api/repo.open`, {
    data: { path: 42 },
    headers: token,
  })
  expect(malformed.status()).toBe(400)
  expect((await malformed.json()).error.message).toContain('Invalid request for repo.open')

  const notJson = await request.post(`${app.origin}/api/repo.open`, {
    data: '{not json',
    headers: { ...token, 'Content-Type': 'application/json' },
  })
  expect(notJson.status()).toBe(400)

  const ok = await request.post(`${app.origin}/api/app.status`, { data: {}, headers: token })
  expect(ok.status()).toBe(200)
  expect((await ok.json()).value.shell).toBe('browser')
})
