// The command palette (Ctrl+Shift+P) runs the Inputs and Rebuild areas' own actions, by the
// keyboard: "Inputs: update NAME" opens that update's preview (nothing written before Apply),
// "Rebuild: ACTION HOST" shows the Rebuild area with that host and action and starts as its start
// button does (a switch stops for the look before activating), "Rebuild: cancel" cancels it;
// "Check host: HOST" and "Commit…" work from another area.
import type { Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { makeInputsFixture, type InputsFixture } from '../fixtures/inputs-fixture'
import { fixtureHost, makeRebuildFixture, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let inputs: InputsFixture
let inputsApp: ServedApp
let rebuild: RebuildFixture
let rebuildApp: ServedApp

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-palette-actions-'))
  chmodSync(work, 0o755)
  inputs = makeInputsFixture(join(work, 'inputs'))
  inputsApp = await serveFlakedeck(['--flake', inputs.flake])
  rebuild = makeRebuildFixture(join(work, 'rebuild'), 'ok')
  mkdirSync(join(work, 'profiles'))
  rebuildApp = await serveFlakedeck(['--flake', rebuild.repo])
  await rebuildApp.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'profiles', 'system'),
    rebuildSudo: false,
    lookBeforeSwitch: true,
  })
})

test.afterAll(async () => {
  await inputsApp?.stop()
  await rebuildApp?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openPalette(page: Page) {
  await page.keyboard.press('Control+Shift+P')
  const input = page.getByRole('combobox', { name: 'Run a command' })
  await expect(input).toBeFocused()
  return input
}

/** Opens the command palette, types `query`, and runs the first command listed, by keyboard. */
async function runCommand(page: Page, query: string, expected: string) {
  const input = await openPalette(page)
  await page.keyboard.type(query)
  const list = page.getByRole('listbox', { name: 'Run a command' })
  await expect(list.getByRole('option').first()).toContainText(expected)
  await page.keyboard.press('Enter')
  await expect(input).toHaveCount(0)
}

const areaButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: new RegExp(name) })

test('Inputs: update NAME opens the preview of that update, from any area', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(inputsApp.url)
  // The Files area is shown; the Inputs area has not been opened yet.
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  const lockBefore = readFileSync(join(inputs.flake, 'flake.lock'), 'utf8')

  // The palette lists each input once the inputs are read, also when they are read after it opened.
  await openPalette(page)
  await page.keyboard.type('inputs: update')
  const list = page.getByRole('listbox', { name: 'Run a command' })
  // nix reads the inputs; on a busy machine that can take a while.
  await expect(list.getByRole('option', { name: /Inputs: update all/ })).toBeVisible({
    timeout: 30_000,
  })
  await expect(list.getByRole('option', { name: /Inputs: update data…/ })).toBeVisible()
  await screenshot(page, 'palette-inputs-commands-1280.png')
  await page.keyboard.press('Escape')

  await runCommand(page, 'inputs: update data', 'Inputs: update data…')
  await expect(areaButton(page, 'Inputs')).toHaveAttribute('aria-current', 'page')
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('article', { name: 'Change to data' })).toBeVisible({
    timeout: 60_000,
  })
  // A preview only: flake.lock is as it was until Apply.
  expect(readFileSync(join(inputs.flake, 'flake.lock'), 'utf8')).toBe(lockBefore)
  await screenshot(page, 'palette-inputs-preview-1280.png')
  await preview.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(preview).toBeHidden()

  // Update all, from the Files area again.
  await page.keyboard.press('Control+1')
  await expect(areaButton(page, 'Files')).toHaveAttribute('aria-current', 'page')
  await runCommand(page, 'inputs: update all', 'Inputs: update all…')
  await expect(areaButton(page, 'Inputs')).toHaveAttribute('aria-current', 'page')
  await expect(preview).toBeVisible({ timeout: 60_000 })
  expect(readFileSync(join(inputs.flake, 'flake.lock'), 'utf8')).toBe(lockBefore)
})

test('Rebuild: ACTION HOST shows the area with that host and action and starts; a switch waits for the look, cancel stops it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(rebuildApp.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  const area = page.locator('.rebuild-area')

  // Every action the area has, for the flake's host: listed as soon as nix has named the hosts,
  // also when that is after the palette opened (a CI run once typed before and never saw them).
  await openPalette(page)
  await page.keyboard.type('rebuild:')
  const list = page.getByRole('listbox', { name: 'Run a command' })
  await expect(list.getByRole('option', { name: /^Rebuild: switch / })).toBeVisible({
    timeout: 30_000,
  })
  for (const action of ['switch', 'boot', 'test', 'build', 'dry build']) {
    await expect(
      list.getByRole('option', { name: new RegExp(`^Rebuild: ${action} ${fixtureHost}`) }),
    ).toBeVisible()
  }
  await screenshot(page, 'palette-rebuild-commands-1024.png')
  await page.keyboard.press('Escape')

  await runCommand(page, `rebuild: build ${fixtureHost}`, `Rebuild: build ${fixtureHost}`)
  await expect(areaButton(page, 'Rebuild')).toHaveAttribute('aria-current', 'page')
  await expect(area.getByLabel('Host')).toHaveValue(fixtureHost)
  await expect(area.getByRole('radio', { name: 'Build', exact: true })).toHaveAttribute(
    'aria-checked',
    'true',
  )
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })

  // A switch goes through the look before activating, as the button's does; cancel from the
  // palette ends it there, with nothing activated.
  await page.keyboard.press('Control+1')
  await runCommand(page, `rebuild: switch ${fixtureHost}`, `Rebuild: switch ${fixtureHost}`)
  await expect(areaButton(page, 'Rebuild')).toHaveAttribute('aria-current', 'page')
  await expect(area.getByRole('radio', { name: 'Switch', exact: true })).toHaveAttribute(
    'aria-checked',
    'true',
  )
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })
  await screenshot(page, 'palette-rebuild-confirm-1024.png')
  // While it runs, the palette offers cancel and no second start.
  await openPalette(page)
  await page.keyboard.type('rebuild:')
  await expect(list.getByRole('option')).toHaveText([/Rebuild: cancel/])
  await page.keyboard.press('Enter')
  await expect(area.getByTestId('run-outcome')).toContainText('cancelled', { timeout: 60_000 })
})

test('Check host: HOST and Commit… run from the palette in another area, by keyboard', async ({
  page,
}) => {
  await page.goto(rebuildApp.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await runCommand(page, 'show generations', 'Show Generations')
  await expect(areaButton(page, 'Generations')).toHaveAttribute('aria-current', 'page')

  // Check host: the Files area comes back and evaluates that host.
  await runCommand(page, `check host: ${fixtureHost}`, `Check host: ${fixtureHost}`)
  await expect(areaButton(page, 'Files')).toHaveAttribute('aria-current', 'page')
  await expect(
    page.locator('.host-list li', { hasText: fixtureHost }).locator('.host-ok'),
  ).toHaveText('✓ evaluates', { timeout: 60_000 })

  // Commit…: the dialog starts in the message, and Ctrl+Enter commits what changed.
  writeFileSync(join(rebuild.repo, 'notes.nix'), '{ }\n')
  await expect(page.getByRole('button', { name: /^Commit/ })).toContainText('Commit (1)')
  await runCommand(page, 'show inputs', 'Show Inputs')
  await runCommand(page, 'commit', 'Commit…')
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused()
  await expect(dialog).toContainText('notes.nix')
  await page.keyboard.type('From the palette')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toHaveCount(0)
  await expect
    .poll(() => git(rebuild.repo, 'log', '-1', '--format=%s').trim())
    .toBe('From the palette')
})
