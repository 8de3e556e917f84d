// Flakedeck at a small window (1024×640): the areas' main controls stay reachable, not clipped off
// the right edge or below the fold: Rebuild's action buttons, the Inputs table's FOLLOWS column and
// the Generations timeline. And the page has an icon.
import { type Locator, type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureHost, makeRebuildFixture } from '../fixtures/rebuild-fixture'
import { makeInputsFixture } from '../fixtures/inputs-fixture'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { testNixConfig, useTestNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let rebuildApp: ServedApp
let inputsApp: ServedApp

test.beforeAll(async () => {
  useTestNixConfig()
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-layout-'))
  chmodSync(work, 0o755)
  const rebuild = makeRebuildFixture(join(work, 'rebuild'), 'ok')
  const profile = makeGenerationsProfile(join(work, 'profile'), {
    n: 60,
    gens: 4,
    k: 7,
    env: { ...process.env, NIX_CONFIG: testNixConfig() },
  })
  rebuildApp = await serveFlakedeck(['--flake', rebuild.repo])
  mkdirSync(join(work, 'rebuild-profiles'))
  await rebuildApp.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'rebuild-profiles', 'system'),
    profilePath: profile,
    rebuildSudo: false,
  })
  const inputs = makeInputsFixture(join(work, 'inputs'))
  inputsApp = await serveFlakedeck(['--flake', inputs.flake])
})

test.afterAll(async () => {
  await rebuildApp?.stop()
  await inputsApp?.stop()
  rmSync(work, { recursive: true, force: true })
})

/** Fails unless `target` lies wholly inside the window (so a click or a glance reaches it). */
async function expectInsideWindow(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  const box = await target.boundingBox()
  const size = page.viewportSize()!
  expect(box, 'on screen').not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width + 0.5)
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 0.5)
}

async function openArea(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name }).click()
}

for (const size of [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
]) {
  test(`at ${size.width}×${size.height} Rebuild's actions, the FOLLOWS column and the timeline are on screen`, async ({
    page,
  }) => {
    await page.setViewportSize(size)
    await page.goto(rebuildApp.url)
    await openArea(page, 'Rebuild')
    const area = page.locator('.rebuild-area')
    await expect(area.getByLabel('Host')).toHaveValue(fixtureHost)
    for (const name of ['Switch', 'Boot', 'Test', 'Build', 'Dry build'])
      await expectInsideWindow(page, area.getByRole('radio', { name, exact: true }))
    await screenshot(page, `layout-rebuild-${size.width}.png`)
    // With the settings open the column does not fit at 1024×640: it scrolls, and nothing in it
    // is squeezed under its content (the command and the step before building drew their lines
    // over each other).
    const settings = area.getByText('Rebuild settings')
    await settings.click()
    const column = [
      area.getByRole('region', { name: 'Command to run' }),
      area.locator('.before-building'),
      area.locator('.rebuild-settings'),
    ]
    for (let i = 0; i + 1 < column.length; i++) {
      const above = (await column[i]!.boundingBox())!
      const below = (await column[i + 1]!.boundingBox())!
      expect(above.y + above.height, `${i} ends before ${i + 1}`).toBeLessThanOrEqual(below.y + 0.5)
      const fits = await column[i]!.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)
      expect(fits, `${i} shows all its lines`).toBe(true)
    }
    await settings.click()
    await expectInsideWindow(page, area.locator('.rebuild-controls button.primary'))
    await area.locator('.rebuild-controls button.primary').click()
    const confirm = area.getByRole('region', { name: 'Before activating' })
    await expect(confirm).toBeVisible({ timeout: 120_000 })
    // The terminal reads the run's output a few times a second, and only while it is on screen:
    // at 1280×800 it is (the picture waits for its lines); at 1024×640 the confirmation pushes
    // it below the fold, where it reads nothing until it is scrolled to.
    if (size.width >= 1280) await expect(area.locator('.xterm-rows')).toContainText('dry-activate')
    await screenshot(page, `layout-rebuild-confirm-${size.width}.png`)
    for (const button of await confirm.getByRole('button').all())
      await expectInsideWindow(page, button)
    await confirm.getByRole('button').last().click() // decline: nothing is activated

    await openArea(page, 'Generations')
    const timeline = page.getByRole('list', { name: 'Generations' })
    await expect(timeline.getByRole('listitem')).toHaveCount(4, { timeout: 60_000 })
    await expectInsideWindow(page, timeline.getByRole('listitem').first())
    // The timeline shows more than a sliver: at least two generations without scrolling it.
    const listBox = (await timeline.boundingBox())!
    expect(listBox.height).toBeGreaterThan(220)
    await screenshot(page, `layout-generations-${size.width}.png`)

    await page.goto(inputsApp.url)
    await openArea(page, 'Inputs')
    const table = page.getByRole('treegrid', { name: 'Inputs' })
    await expect(table.getByRole('columnheader', { name: 'Follows' })).toBeVisible({
      timeout: 60_000,
    })
    // FOLLOWS is in view without scrolling the table sideways.
    const follows = (await table.getByRole('columnheader', { name: 'Follows' }).boundingBox())!
    const scroller = (await page.locator('.inputs-tree-scroll').boundingBox())!
    expect(follows.x + follows.width).toBeLessThanOrEqual(scroller.x + scroller.width + 0.5)
    await screenshot(page, `layout-inputs-${size.width}.png`)
  })
}

test('the page has an icon, and the browser loads it under the CSP', async ({ page }) => {
  const refused: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text())
  })
  await page.goto(rebuildApp.url)
  const href = await page.locator('link[rel="icon"]').getAttribute('href')
  expect(href).toBeTruthy()
  // Drawn as an image in the page itself, so the CSP's img-src decides, as for the tab's icon.
  const size = await page.evaluate<number>(
    `(async () => {
      const img = document.createElement('img')
      img.src = ${JSON.stringify(href)}
      await img.decode()
      return img.naturalWidth
    })()`,
  )
  expect(size).toBeGreaterThan(0)
  expect(refused).toEqual([])
})
