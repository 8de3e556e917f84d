// The Rebuild area's controls as a user meets them, in browser mode against real nix: the host
// defaults to this machine's when the flake defines it, the start button says what it does,
// settings that do not apply are not editable, a cancelled run says "Cancelled", a profile whose
// folder is missing is refused before anything builds, and the command and store path can be
// copied. No call of normal use fails with a 400 along the way.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { fixtureHost, makeRebuildFixture, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { testNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let fixture: RebuildFixture
let app: ServedApp
let slowApp: ServedApp
let slowFixture: RebuildFixture
const machine = hostname().split('.')[0]!

/** Calls answered 400 (bad request) and console errors, for the whole test. */
function watchFailures(page: Page): string[] {
  const failures: string[] = []
  page.on('response', (r) => {
    if (r.status() === 400) failures.push(`400 ${r.url()}`)
  })
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`)
  })
  return failures
}

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-rebuild-controls-'))
  chmodSync(work, 0o755)
  fixture = makeRebuildFixture(join(work, 'ok'), 'ok')
  // Three hosts: one sorting before this machine's, this machine's, and the fixture's own.
  writeFileSync(
    join(fixture.repo, 'flake.nix'),
    `{
  outputs = { self }: {
    nixosConfigurations."aaa-first" = import ./hosts/${fixtureHost}.nix;
    nixosConfigurations."${machine}" = import ./hosts/${fixtureHost}.nix;
    nixosConfigurations.${fixtureHost} = import ./hosts/${fixtureHost}.nix;
  };
}
`,
  )
  git(fixture.repo, 'commit', '-q', '-am', 'three hosts')
  mkdirSync(join(work, 'profiles'))
  app = await serveFlakedeck(['--flake', fixture.repo])
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'profiles', 'system'),
    profilePath: join(work, 'profiles', 'system'),
    rebuildSudo: false,
    lookBeforeSwitch: true,
  })
  slowFixture = makeRebuildFixture(join(work, 'slow'), 'slow')
  slowApp = await serveFlakedeck(['--flake', slowFixture.repo])
  await slowApp.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'profiles', 'slow'),
    rebuildSudo: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  await slowApp?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openRebuild(page: Page, url: string) {
  await page.goto(url)
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Rebuild' })
    .click()
  return page.locator('.rebuild-area')
}

test('host defaults to this machine, the button names the action, settings follow it, copy works, no 400s', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const failures = watchFailures(page)
  const area = await openRebuild(page, app.url)
  await expect(area.getByLabel('Host')).toHaveValue(machine)

  const start = area.getByTestId('rebuild-start')
  await expect(start).toHaveText('Switch')
  await area.getByText('Rebuild settings').click()
  const sudo = area.getByLabel(/Use sudo/)
  const look = area.getByLabel(/Build first and show what changes/)
  const custom = area.getByLabel('Command instead of nixos-rebuild')
  // Profile mode runs nix itself: a replacement for nixos-rebuild does not apply.
  await expect(custom).toBeDisabled()
  await expect(sudo).toBeEnabled()
  await expect(look).toBeEnabled()
  await expect(area.getByLabel('Profile to write')).toBeEditable()

  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await expect(start).toHaveText('Build')
  await expect(sudo).toBeDisabled()
  await expect(look).toBeDisabled()
  await expect(area.getByLabel('Profile to write')).not.toBeEditable()
  await area.getByRole('radio', { name: 'Dry build' }).click()
  await expect(start).toHaveText('Dry build')
  await area.getByRole('radio', { name: 'Test', exact: true }).click()
  await expect(start).toHaveText('Test')
  await expect(sudo).toBeEnabled()
  await screenshot(page, 'rebuild-controls.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(start).toBeInViewport()
  await screenshot(page, 'rebuild-controls-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })

  // The command, copied as it is shown.
  const preview = area.getByRole('region', { name: 'Command to run' })
  await preview.getByRole('button', { name: 'Copy the command' }).click()
  await expect(preview.getByRole('button', { name: 'Copy the command' })).toHaveText('Copied')
  const copied = await page.evaluate<string>('navigator.clipboard.readText()')
  expect(copied).toContain(`nixosConfigurations.${machine}.config.system.build.toplevel`)
  expect(copied.split('\n')).toHaveLength((await preview.locator('.command-line code').count()) - 1)

  await area.getByRole('radio', { name: 'Switch', exact: true }).click()
  await start.click()
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })
  // The window changes size while the run waits and after it ends: the terminal follows.
  await page.setViewportSize({ width: 1100, height: 700 })
  await confirm.getByRole('button', { name: 'Activate', exact: true }).click()
  const outcome = area.getByTestId('run-outcome')
  await expect(outcome).toContainText('succeeded', { timeout: 60_000 })
  // The headline says how it ended, not only that it did.
  await expect(area.getByLabel('Progress').getByRole('status')).toHaveText(
    /^switch \S+: succeeded · /,
  )
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.setViewportSize({ width: 1280, height: 800 })

  await outcome.getByRole('button', { name: 'Copy the store path' }).click()
  const storePath = await page.evaluate<string>('navigator.clipboard.readText()')
  expect(storePath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-nixos-system-demo-/)
  await expect(outcome).toContainText(storePath)
  await screenshot(page, 'rebuild-copied.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  // The column scrolls when it does not fit: the outcome is brought into view.
  await outcome.scrollIntoViewIfNeeded()
  await expect(outcome.getByRole('button', { name: 'Copy the store path' })).toBeInViewport({
    ratio: 1,
  })
  await screenshot(page, 'rebuild-copied-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })

  // The Generations area, with its rollback dialog asking whether the generation activates.
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Generations' })
    .click()
  await expect(page.getByRole('list', { name: 'Generations' }).getByRole('listitem')).toHaveCount(
    1,
    {
      timeout: 60_000,
    },
  )
  expect(failures).toEqual([])
})

test('a profile whose folder does not exist is refused before building, with the reason', async ({
  page,
}) => {
  const missing = join(work, 'no-such-folder', 'system')
  await app.call('settings.set', { rebuildProfilePath: missing })
  try {
    const area = await openRebuild(page, app.url)
    await expect(area.getByRole('alert')).toContainText(
      `its folder ${join(work, 'no-such-folder')} does not exist`,
    )
    await expect(area.getByRole('alert')).toContainText('mkdir -p')
    await expect(area.getByTestId('rebuild-start')).toBeDisabled()
    await screenshot(page, 'rebuild-profile-refused.png')
    await page.setViewportSize({ width: 1024, height: 640 })
    await expect(area.getByRole('alert')).toBeInViewport()
    await screenshot(page, 'rebuild-profile-refused-1024.png')
    // Building only writes no profile: allowed.
    await area.getByRole('radio', { name: 'Build', exact: true }).click()
    await expect(area.getByTestId('rebuild-start')).toBeEnabled()
    await expect(area.getByRole('alert')).toHaveCount(0)
    // Over raw HTTP too, the start is refused before a run exists.
    const before = (await app.call('rebuild.list', { repo: fixture.repo })) as unknown[]
    await expect(
      app.call('rebuild.start', { repo: fixture.repo, host: fixtureHost, action: 'switch' }),
    ).rejects.toThrow(/does not exist/)
    expect(await app.call('rebuild.list', { repo: fixture.repo })).toHaveLength(before.length)
  } finally {
    await app.call('settings.set', { rebuildProfilePath: join(work, 'profiles', 'system') })
  }
})

test('a cancelled run says cancelled, not finished', async ({ page }) => {
  const failures = watchFailures(page)
  const area = await openRebuild(page, slowApp.url)
  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByLabel('Building now')).toContainText('slow-1.0', { timeout: 60_000 })
  await area.getByRole('button', { name: 'Cancel' }).click()
  await expect(area.getByTestId('run-outcome')).toContainText('cancelled', { timeout: 30_000 })
  const headline = area.getByLabel('Progress').getByRole('status')
  await expect(headline).toHaveText(/^build \S+: cancelled/)
  await screenshot(page, 'rebuild-cancelled.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(headline).toBeInViewport()
  await screenshot(page, 'rebuild-cancelled-1024.png')
  expect(failures).toEqual([])
})

test('the switch dialog of a generation that cannot be activated says why, without a failed call', async ({
  page,
}) => {
  const profile = makeGenerationsProfile(join(work, 'plain'), {
    n: 20,
    gens: 2,
    k: 5,
    env: { ...process.env, NIX_CONFIG: testNixConfig() },
  })
  const failures = watchFailures(page)
  // The generations.* calls are about the profile the Generations area shows.
  await app.call('settings.set', { profilePath: profile })
  try {
    // Over raw HTTP: an answer with the reason, not an error status.
    const answer = (await app.call('generations.activationPlan', {
      number: 1,
      action: 'switch',
    })) as { refused?: { message: string } }
    expect(answer.refused?.message).toContain('no bin/switch-to-configuration')

    await page.goto(app.url)
    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('button', { name: 'Generations' })
      .click()
    await page.getByRole('button', { name: 'Switch to generation 1' }).click()
    const dialog = page.getByRole('dialog', { name: 'Roll back to generation 1?' })
    await expect(dialog.getByTestId('no-activation')).toContainText(
      'no bin/switch-to-configuration',
    )
    expect(failures).toEqual([])
  } finally {
    await app.call('settings.set', { profilePath: join(work, 'profiles', 'system') })
  }
})
