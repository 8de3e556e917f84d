import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  makeRebuildFixture,
  type FixtureVariant,
  type RebuildFixture,
} from '../fixtures/rebuild-fixture'
import { serveFlakedeck, type ServedApp } from './serve-fixture'
import { openRebuild } from './page-helpers'

let work: string
const running: ServedApp[] = []

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-rebuild-fail-'))
  chmodSync(work, 0o755) // builders run as nixbld users
})

test.afterAll(async () => {
  for (const app of running.splice(0)) await app.stop()
  rmSync(work, { recursive: true, force: true })
})

async function rebuild(page: Page, variant: FixtureVariant): Promise<RebuildFixture> {
  const fixture = makeRebuildFixture(join(work, variant), variant)
  const app = await serveFlakedeck(['--flake', fixture.repo])
  running.push(app)
  const profiles = join(work, `${variant}-profiles`)
  mkdirSync(profiles)
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(profiles, 'system'),
    rebuildSudo: false,
  })
  const area = await openRebuild(page, app.url)
  await expect(area.getByLabel('Host')).toHaveValue(fixture.host)
  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('run-outcome')).toContainText('failed', { timeout: 120_000 })
  return fixture
}

test('a failing builder names the derivation, its exit code and its last log lines', async ({
  page,
}) => {
  await rebuild(page, 'failing')
  const failure = page.locator('.rebuild-area').getByRole('alert', { name: 'Failure' })
  await expect(failure).toContainText('broken-1.0 failed with exit code 1')
  await expect(failure).toContainText('broken.c:42: error: something went wrong')
  // The failure's words once: the outcome above it says how the run ended, not the same again.
  await expect(failure.locator('strong').first()).toHaveText(/^Building broken-1\.0 failed/)
  await expect(page.getByTestId('run-outcome').getByRole('status')).toHaveText(
    /^build \S+: failed$/,
  )
  await expect(page.getByText(/Building broken-1\.0 failed/)).toHaveCount(1)
  await screenshot(page, 'rebuild-failed.png')
})

test('an evaluation error links to its line in the editor', async ({ page }) => {
  const fixture = await rebuild(page, 'eval-error')
  const failure = page.locator('.rebuild-area').getByRole('alert', { name: 'Failure' })
  const link = failure.getByRole('button', {
    name: new RegExp(`${fixture.errorFile}:${fixture.errorLine}`),
  })
  await expect(link).toBeVisible()
  await link.click()
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await expect(page.getByRole('tab', { name: /demo\.nix/ })).toBeVisible()
  await expect(page.locator('.view-lines')).toContainText('undefinedThing')
  // The cursor sits on the error's line.
  await expect(page.getByTestId('code-editor').locator('.active-line-number')).toHaveText(
    String(fixture.errorLine),
  )
})
