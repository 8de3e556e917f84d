// A window that attaches to a running rebuild, a second window or a reload, gets the whole output
// so far and the run's host, action and progress, not the first host of the flake. The build
// prints its first lines and then waits for the test to let it finish, so no timing decides.
import { type Page } from '@playwright/test'
import { expect, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeGatedFlake } from '../fixtures/gated-build'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let repo: string
let release: string
let app: ServedApp

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-attach-'))
  chmodSync(work, 0o755) // builders run as nixbld users
  ;({ repo, release } = makeGatedFlake(join(work, 'fixture'), ['alpha', 'beta']))
  mkdirSync(join(work, 'profiles'))
  app = await serveFlakedeck(['--flake', repo])
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'profiles', 'system'),
    rebuildSudo: false,
    lookBeforeSwitch: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openRebuild(page: Page) {
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Rebuild' })
    .click()
  return page.locator('.rebuild-area')
}

/** What a window attached mid-run must show: the run's host, action, progress and output. */
async function expectAttached(page: Page) {
  const area = await openRebuild(page)
  await expect(area.getByLabel('Host')).toHaveValue('beta')
  await expect(area.getByRole('radio', { name: 'Build', exact: true })).toHaveAttribute(
    'aria-checked',
    'true',
  )
  const command = area.getByRole('region', { name: 'Command to run' })
  await expect(command).toContainText('nixosConfigurations.beta.config.system.build.toplevel')
  await expect(area.getByLabel('Building now')).toContainText('slow-1.0')
  await expect(area.getByRole('button', { name: 'Cancel' })).toBeVisible()
  const terminal = area.getByTestId('terminal')
  for (let i = 1; i <= 6; i++) await expect(terminal).toContainText(`early line ${i}`)
  return area
}

const count = (text: string, needle: string) => text.split(needle).length - 1

test('a second window and a reload mid-rebuild show the output so far, the host, action and progress', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000)
  await page.goto(app.url)
  const area = await openRebuild(page)
  await expect(area.getByLabel('Host')).toHaveValue('alpha')
  await area.getByLabel('Host').selectOption('beta')
  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('terminal')).toContainText('early line 6', { timeout: 120_000 })

  const second = await context.newPage()
  await second.goto(app.url)
  await expectAttached(second)

  await page.reload()
  await expectAttached(page)

  writeFileSync(release, '')
  for (const p of [page, second]) {
    const shown = p.locator('.rebuild-area')
    await expect(shown.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 60_000 })
    const terminal = shown.getByTestId('terminal')
    await expect(terminal).toContainText('late line')
    // The replay and the live events join without a line twice.
    const text = (await terminal.textContent()) ?? ''
    expect(count(text, 'early line 1')).toBe(1)
    expect(count(text, 'late line')).toBe(1)
  }
})
