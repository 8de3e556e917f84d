// Rolling back a system from the Generations area, against the real `flakedeck serve`, real nix
// and a real pty: two generations built in the Rebuild area, then "Switch and activate" to the
// first, whose run (and terminal, where sudo would ask) the Rebuild area shows.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { type RebuildFixture } from '../fixtures/rebuild-fixture'
import { git, writeFiles } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'

let fixture: RebuildFixture
let profile: string
let activationLog: string
let app: ServedApp

async function setSettings(patch: Record<string, unknown>) {
  await app.call('settings.set', patch)
}

serveForFile('genswitch', rebuildSetUp('ok', { lookBeforeSwitch: false }), (served) => {
  ;({ fixture, app } = served)
  profile = join(served.work, 'profiles', 'system')
  activationLog = join(fixture.markerDir, 'activations.log')
})

const openArea = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name }).click()

test('rolls a system back to generation 1 with switch and activate, shown in the Rebuild area', async ({
  page,
}) => {
  test.setTimeout(240_000)
  await page.goto(app.url)
  await openArea(page, 'Rebuild')
  const rebuild = page.locator('.rebuild-area')
  const outcome = rebuild.getByTestId('run-outcome')
  await expect(rebuild.getByLabel('Host')).toHaveValue(fixture.host)
  await rebuild.getByTestId('rebuild-start').click()
  await expect(outcome).toContainText('Generation 1', { timeout: 120_000 })

  // A second configuration, a second generation.
  const host = join(fixture.repo, 'hosts/demo.nix')
  writeFiles(fixture.repo, {
    'hosts/demo.nix': readFileSync(host, 'utf8').replace('echo writing etc', 'echo writing etc 2'),
  })
  git(fixture.repo, 'commit', '-qam', 'second configuration')
  await rebuild.getByTestId('rebuild-start').click()
  await expect(outcome).toContainText('Generation 2', { timeout: 120_000 })
  expect(readlinkSync(profile)).toBe('system-2-link')

  // Profile mode: switch and activate first, only moving the profile link beside it.
  await openArea(page, 'Generations')
  const generations = page.getByRole('region', { name: 'Generations' })
  await expect(page.getByTestId('generation-2')).toContainText('current')
  await generations.getByRole('button', { name: 'Roll back to #1…' }).click()
  let dialog = page.getByRole('dialog', { name: 'Roll back to generation 1?' })
  const commands = dialog.getByRole('region', { name: 'Commands to run' })
  await expect(commands).toContainText(`nix-env -p ${profile} --switch-generation 1`)
  await expect(commands).toContainText('/bin/switch-to-configuration switch')
  await expect(dialog.getByRole('button', { name: 'Only move the profile link' })).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Switch and activate' })).toHaveClass(/primary/)
  await expect(dialog.getByRole('button', { name: 'At next boot' })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()

  // A NixOS user (rebuilds with nixos-rebuild): a switch always activates.
  await setSettings({ rebuildMode: 'nixos-rebuild' })
  await generations.getByRole('button', { name: '↻ Refresh' }).click()
  await expect(generations.getByText('A NixOS system: switching to a generation')).toBeVisible()
  await generations.getByRole('button', { name: 'Roll back to #1…' }).click()
  dialog = page.getByRole('dialog', { name: 'Roll back to generation 1?' })
  await expect(dialog.getByTestId('switch-summary')).toContainText('Closure')
  await expect(commands).toContainText('/bin/switch-to-configuration switch')
  await expect(dialog.getByRole('button', { name: 'Only move the profile link' })).not.toHaveClass(
    /primary/,
  )
  await expect(dialog.getByRole('button', { name: 'At next boot' })).toBeEnabled()
  const activate = dialog.getByRole('button', { name: 'Switch and activate' })
  await expect(activate).toBeEnabled()
  await screenshot(page, 'generations-activate.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(activate).toBeInViewport({ ratio: 1 })
  await screenshot(page, 'generations-activate-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })
  await activate.click()

  // The Rebuild area, with the run's terminal and outcome.
  await expect(rebuild).toBeVisible()
  await expect(outcome).toContainText('switch demo: succeeded', { timeout: 60_000 })
  await expect(outcome).toContainText('Switched to generation 1.')
  await expect(rebuild.getByTestId('terminal')).toContainText('switch-to-configuration: switch')
  await expect(rebuild.getByTestId('terminal')).toContainText('--switch-generation 1')
  await expect(
    rebuild.getByRole('region', { name: 'Past runs' }).getByRole('listitem'),
  ).toHaveCount(3)
  await screenshot(page, 'generations-activate-run.png')

  expect(readlinkSync(profile)).toBe('system-1-link')
  expect(readlinkSync(`${profile}-2-link`)).toMatch(/^\/nix\/store\//)
  expect(readFileSync(activationLog, 'utf8').trim().split('\n')).toEqual([
    'switch',
    'switch',
    'switch',
  ])

  await openArea(page, 'Generations')
  await expect(page.getByTestId('generation-1')).toContainText('current')
})
