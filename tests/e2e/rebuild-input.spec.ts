// Typing in the rebuild terminal when no command can take it: the user is told, nothing is lost
// without a word and nothing is sent twice.
import { expect, test } from './nix-test'
import { type RebuildFixture } from '../fixtures/rebuild-fixture'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'

let fixture: RebuildFixture
let app: ServedApp

// Profile mode into a throwaway profile, no sudo; look before switching stays on.
serveForFile('rebuild-input', rebuildSetUp('ok'), (served) => {
  ;({ fixture, app } = served)
})

test('keys typed while the run waits for confirmation are refused out loud', async ({ page }) => {
  const area = await openRebuild(page, app.url)
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
