// Typing in the rebuild terminal when no command can take it: the user is told, nothing is lost
// without a word and nothing is sent twice.
import { expect, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  activationLogVariable,
  makeRebuildFixture,
  type RebuildFixture,
} from '../fixtures/rebuild-fixture'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let fixture: RebuildFixture
let app: ServedApp

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-rebuild-input-'))
  chmodSync(work, 0o755) // builders run as nixbld users
  fixture = makeRebuildFixture(join(work, 'fixture'), 'ok')
  const profileDir = join(work, 'profiles')
  mkdirSync(profileDir)
  app = await serveFlakedeck(['--flake', fixture.repo], {
    [activationLogVariable]: join(fixture.markerDir, 'activations.log'),
  })
  // Profile mode into a throwaway profile, no sudo; look before switching stays on.
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(profileDir, 'system'),
    profilePath: join(profileDir, 'system'),
    rebuildSudo: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('keys typed while the run waits for confirmation are refused out loud', async ({ page }) => {
  await page.goto(app.url)
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Rebuild' })
    .click()
  const area = page.locator('.rebuild-area')
  await expect(area.getByLabel('Host')).toHaveValue(fixture.host)
  await area.getByTestId('rebuild-start').click()
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })

  // The build is over; a password typed now would go nowhere.
  await area.getByTestId('terminal').click()
  await page.keyboard.type('s3cret')
  await page.keyboard.press('Enter')
  const alert = area.getByRole('alert').filter({ hasText: 'What you typed did not reach rebuild' })
  await expect(alert).toContainText('it is waiting for you to activate or decline')
  await expect(alert).toContainText('Type it again when the command asks for it')
  await expect(alert).not.toContainText('s3cret')
  await confirm.getByRole('button', { name: "Don't activate" }).click()
  await expect(area.getByTestId('run-outcome')).toContainText('not activated', { timeout: 30_000 })
})
