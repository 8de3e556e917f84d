// The profile a rebuild writes and the one the Generations area shows are two settings (issue:
// choosing a profile in Generations → Change… silently retargeted Rebuild). In the UI: Rebuild
// settings write …/sysprofile/system, Generations looks at …/profiles/system (which has a
// generation), then Rebuild → Switch → Activate lands in sysprofile, and the look before
// switching compares against sysprofile, not the profile Generations shows.
import { type Page } from '@playwright/test'
import { expect, test } from './nix-test'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs'
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
let sysprofile: string
let viewed: string
let app: ServedApp

const openArea = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name }).click()

test.beforeAll(async () => {
  test.setTimeout(180_000)
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-profiles-'))
  chmodSync(work, 0o755) // builders run as nixbld users
  fixture = makeRebuildFixture(join(work, 'fixture'), 'ok')
  mkdirSync(join(work, 'sysprofile'))
  mkdirSync(join(work, 'profiles'))
  sysprofile = join(work, 'sysprofile', 'system')
  viewed = join(work, 'profiles', 'system')
  app = await serveFlakedeck(['--flake', fixture.repo], {
    [activationLogVariable]: join(fixture.markerDir, 'activations.log'),
  })
  // The profile Generations will look at already has a system: a switch of the fixture into it.
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildSudo: false,
    lookBeforeSwitch: false,
    rebuildProfilePath: viewed,
  })
  const { runId } = (await app.call('rebuild.start', {
    repo: fixture.repo,
    host: fixture.host,
    action: 'switch',
  })) as { runId: number }
  await expect
    .poll(
      async () => {
        const runs = (await app.call('rebuild.list', { repo: fixture.repo })) as {
          id: number
          status: string
        }[]
        return runs.find((r) => r.id === runId)?.status
      },
      { timeout: 120_000 },
    )
    .toBe('succeeded')
  expect(readlinkSync(viewed)).toBe('system-1-link')
  // Back to what a user starts with: the system profile for both, looking before switching.
  await app.call('settings.set', {
    lookBeforeSwitch: true,
    rebuildProfilePath: '/nix/var/nix/profiles/system',
    profilePath: '/nix/var/nix/profiles/system',
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('Generations → Change… changes only the viewed profile; a switch writes the rebuild profile', async ({
  page,
}) => {
  test.setTimeout(180_000)
  await page.goto(app.url)

  // Rebuild settings: profile mode, writing …/sysprofile/system.
  await openArea(page, 'Rebuild')
  const area = page.locator('.rebuild-area')
  await area.getByText('Rebuild settings').click()
  await expect(area.getByLabel('Mode')).toHaveValue('profile')
  await area.getByLabel('Profile to write').fill(sysprofile)
  await area.getByLabel('Extra arguments').click() // leaves the field: saved
  const command = area.getByRole('region', { name: 'Command to run' })
  await expect(command).toContainText(`nix-env -p ${sysprofile} --set`)
  await expect(area.getByTestId('rebuild-profile')).toHaveText(sysprofile)

  // Generations → Change…: another profile to look at.
  await openArea(page, 'Generations')
  await page
    .getByRole('button', { name: /Change/ })
    .first()
    .click()
  const dialog = page.getByRole('dialog', { name: 'Profile' })
  await dialog.getByLabel('Profile path').fill(viewed)
  await dialog.getByRole('button', { name: 'Use this profile' }).click()
  await expect(page.getByTestId('profile-path')).toHaveText(viewed)

  // Back in Rebuild: still the profile chosen for rebuilding, in the command and the settings.
  await openArea(page, 'Rebuild')
  await expect(area.getByTestId('rebuild-profile')).toHaveText(sysprofile)
  await expect(command).toContainText(`nix-env -p ${sysprofile} --set`)
  await expect(command).not.toContainText(viewed)
  await area.getByText('Rebuild settings').click()
  await expect(area.getByLabel('Profile to write')).toHaveValue(sysprofile)

  await area.getByRole('radio', { name: 'Switch', exact: true }).click()
  await area.getByTestId('rebuild-start').click()
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })
  // Compared with the profile being written, which has no system yet; not with the viewed one.
  await expect(confirm.getByTestId('activation-profile')).toHaveText(sysprofile)
  await expect(confirm).toContainText('There is no current system to compare with')
  await confirm.getByRole('button', { name: 'Activate', exact: true }).click()
  const outcome = area.getByTestId('run-outcome')
  await expect(outcome).toContainText('succeeded', { timeout: 60_000 })
  await expect(outcome).toContainText('Generation 1')

  expect(readlinkSync(sysprofile)).toBe('system-1-link')
  expect(existsSync(`${viewed}-2-link`)).toBe(false)
  expect(readlinkSync(viewed)).toBe('system-1-link')

  // Generations still shows the profile it was pointed at.
  await openArea(page, 'Generations')
  await expect(page.getByTestId('profile-path')).toHaveText(viewed)
})
