// Opening a repo as people type it, in browser mode against the real server: `~/nixos-config`
// (expanded by the core, whose home it is), a sub-folder of a flake repo offering the flake's
// folder, and "Open another…" with a way back to the repo just left.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let home: string
let config: string
let app: ServedApp

test.beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'flakedeck-e2e-open-')))
  home = join(work, 'home')
  mkdirSync(home)
  config = makeRepo(join(home, 'nixos-config'), {
    'flake.nix': minimalFlake,
    'hosts/laptop/default.nix': '{ ... }: { }\n',
  })
  // The server's home is `home`: `~` means it there, as in the user's shell.
  app = await serveFlakedeck([], { HOME: home })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openTyped(page: Page, typed: string) {
  await page.getByLabel('Flake repository').fill(typed)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
}

const title = (page: Page) => page.locator('.title-bar')

test('~/nixos-config opens the folder in the home of the core', async ({ page }) => {
  await page.goto(app.url)
  await openTyped(page, '~/nixos-config')
  await expect(title(page)).toContainText(config)
  // Over raw HTTP too.
  const info = (await app.call('repo.open', { path: '~/nixos-config' })) as { path: string }
  expect(info.path).toBe(config)
})

test('"Open another…" has a way back to the repo just left', async ({ page }) => {
  await page.goto(app.url)
  await openTyped(page, config)
  await expect(title(page)).toContainText(config)
  await page.getByRole('button', { name: 'Open another…' }).click()
  const back = page.getByRole('button', { name: '← Back to nixos-config' })
  await expect(back).toBeVisible()
  await screenshot(page, 'open-back.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(back).toBeInViewport()
  await screenshot(page, 'open-back-1024.png')
  await back.click()
  await expect(title(page)).toContainText(config)
})

test('a sub-folder of a flake repo offers the flake folder, in one click', async ({ page }) => {
  await page.goto(app.url)
  await openTyped(page, '~/nixos-config/hosts/laptop')
  await expect(page.getByRole('alert')).toContainText(
    `${join(config, 'hosts/laptop')} has no flake.nix`,
  )
  const offer = page.getByRole('region', { name: 'The flake of this repo' })
  await expect(offer).toContainText(`inside the flake at ${config}`)
  await screenshot(page, 'open-subfolder.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(offer.getByRole('button', { name: `Open ${config}` })).toBeInViewport()
  await screenshot(page, 'open-subfolder-1024.png')
  await offer.getByRole('button', { name: `Open ${config}` }).click()
  await expect(title(page)).toContainText(config)

  // A folder outside any git repo is offered nothing.
  const answer = (await app.call('repo.findFlake', { path: work })) as { flakeRoot: string | null }
  expect(answer.flakeRoot).toBeNull()
})
