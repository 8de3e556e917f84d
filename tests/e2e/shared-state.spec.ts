// Every area shows the same settings and flake state at once, in this window and in others (issue
// #13: the Rebuild area kept its own copy of the settings, read once, and showed an old
// `nix-env -p` command after the profile changed elsewhere; the hosts were read twice, once by
// Files and once by Rebuild, and an edit of flake.nix reached neither).
import { type Page } from '@playwright/test'
import { expect, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRebuildFixture, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let fixture: RebuildFixture
let app: ServedApp

const openArea = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name }).click()

test.beforeAll(async () => {
  test.setTimeout(120_000)
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-shared-'))
  chmodSync(work, 0o755)
  fixture = makeRebuildFixture(join(work, 'fixture'), 'ok')
  mkdirSync(join(work, 'profiles'))
  app = await serveFlakedeck(['--flake', fixture.repo])
  await app.call('settings.set', { rebuildMode: 'profile', rebuildSudo: false })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('a rebuild setting changed in one area shows in the others, and in another window at once', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000)
  const written = join(work, 'profiles', 'system')
  // A second window on the same server, its Rebuild area open (and staying mounted) throughout.
  const other = await context.newPage()
  await other.goto(app.url)
  await openArea(other, 'Rebuild')
  const otherCommand = other
    .locator('.rebuild-area')
    .getByRole('region', { name: 'Command to run' })
  await expect(otherCommand).toContainText('nix-env -p /nix/var/nix/profiles/system --set')

  await page.goto(app.url)
  // Generations first: its profile switcher shows the system profile a profile-mode rebuild writes.
  await openArea(page, 'Generations')
  const systemTab = page.getByTestId('profile-tab-system')
  await expect(systemTab).toHaveAttribute('title', /^\/nix\/var\/nix\/profiles\/system\b/)

  // Rebuild: another profile to write.
  await openArea(page, 'Rebuild')
  const area = page.locator('.rebuild-area')
  await area.getByText('Rebuild settings').click()
  await area.getByLabel('Profile to write').fill(written)
  await area.getByLabel('Extra arguments').click() // leaves the field: saved
  await expect(area.getByRole('region', { name: 'Command to run' })).toContainText(
    `nix-env -p ${written} --set`,
  )

  // Generations again (its reads were cached): the switcher as the new setting makes it. The
  // profile rebuilds write has no generations yet, so it is no System tab; the profile viewed
  // is listed as one of its own.
  await openArea(page, 'Generations')
  await expect(systemTab).toHaveCount(0)
  await expect(page.getByTestId('profile-tab-added')).toHaveAttribute(
    'title',
    /^\/nix\/var\/nix\/profiles\/system\b/,
  )

  // The other window, never reloaded: its mounted Rebuild area got the change (settings.changed).
  await expect(otherCommand).toContainText(`nix-env -p ${written} --set`)
  await expect(other.locator('.rebuild-area').getByTestId('rebuild-profile')).toHaveText(written)
  await other.locator('.rebuild-area').getByText('Rebuild settings').click()
  await expect(other.locator('.rebuild-area').getByLabel('Profile to write')).toHaveValue(written)

  // And the other way round: a change there shows here, in the area on screen.
  await openArea(page, 'Rebuild')
  await other.locator('.rebuild-area').getByLabel('Mode').selectOption('nixos-rebuild')
  await expect(area.getByLabel('Mode')).toHaveValue('nixos-rebuild')
  await expect(area.getByRole('region', { name: 'Command to run' })).toContainText('nixos-rebuild')
  await other.close()
})

test('a host added to flake.nix shows in Files and in Rebuild, both mounted, without a refresh', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await openArea(page, 'Rebuild')
  const hostSelect = page.locator('.rebuild-area').getByLabel('Host')
  await expect(hostSelect.locator('option')).toHaveText([fixture.host])
  await openArea(page, 'Files')
  const hostsPanel = page.getByRole('region', { name: 'Hosts' })
  await expect(hostsPanel).toContainText(fixture.host)

  // Another program adds a host (the same system under a second name).
  const flakeFile = join(fixture.repo, 'flake.nix')
  const before = readFileSync(flakeFile, 'utf8')
  writeFileSync(
    flakeFile,
    before.replace(
      `nixosConfigurations.${fixture.host} = import ./hosts/${fixture.host}.nix;`,
      `nixosConfigurations.${fixture.host} = import ./hosts/${fixture.host}.nix;\n    nixosConfigurations.spare = import ./hosts/${fixture.host}.nix;`,
    ),
  )
  await expect(hostsPanel).toContainText('spare', { timeout: 30_000 })
  await openArea(page, 'Rebuild')
  await expect(hostSelect.locator('option')).toHaveText([fixture.host, 'spare'])
})
