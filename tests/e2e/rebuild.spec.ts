import { expect, screenshot, test } from './nix-test'
import { existsSync, readFileSync, realpathSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { AttachedRun } from '../../src/shared/rebuild/types'
import { dryActivateUnits, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'

let fixture: RebuildFixture
let profileDir: string
let activationLog: string
let app: ServedApp

// Profile mode into a throwaway profile, no sudo; look before switching stays on.
serveForFile('rebuild', rebuildSetUp('chain'), (served) => {
  ;({ fixture, app } = served)
  profileDir = join(served.work, 'profiles')
  activationLog = join(fixture.markerDir, 'activations.log')
})

test('rebuild a host: live progress, a look before switching with the services it would restart, the new generation recorded', async ({
  page,
}) => {
  const area = await openRebuild(page, app.url)
  await expect(area.getByLabel('Host')).toHaveValue(fixture.host)
  await expect(area.getByRole('region', { name: 'Command to run' })).toContainText('nix')
  await expect(area.getByRole('region', { name: 'Command to run' })).toContainText(
    '--log-format internal-json',
  )
  // The look before switching asks the built system which services it would touch.
  await expect(area.getByRole('region', { name: 'Command to run' })).toContainText(
    'then: <toplevel>/bin/switch-to-configuration dry-activate',
  )
  await area.getByTestId('rebuild-start').click()

  await expect(area.getByLabel('Progress')).toBeVisible()
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })
  // The terminal draws its newest lines only (the dry activation's by now): the build's lines
  // are read from the run's output.
  const [active] = (await app.call('rebuild.active', { repo: fixture.repo })) as AttachedRun[]
  expect(active!.output).toContain('building')
  expect(active!.output.indexOf('would restart the following units')).toBeGreaterThan(
    active!.output.lastIndexOf('building'),
  )
  await expect(area.getByTestId('builds-count')).toContainText(/(\d+) \/ \1 built/)
  // What the new system's switch-to-configuration dry-activate said, beside the packages.
  const services = confirm.getByRole('list', { name: 'Services' })
  await expect(services).toContainText(
    `These services would restart: ${dryActivateUnits.restart.join(', ')}`,
  )
  await expect(services).toContainText(
    `These services would stop: ${dryActivateUnits.stop.join(', ')}`,
  )
  await expect(services).toContainText(
    `These services would start: ${dryActivateUnits.start.join(', ')}`,
  )
  await expect(services).toContainText(
    `These services would reload: ${dryActivateUnits.reload.join(', ')}`,
  )
  await expect(services).toContainText('systemd itself would restart.')
  await expect(area.getByTestId('terminal')).toContainText('would restart the following units')
  // Asked, not activated.
  expect(readFileSync(activationLog, 'utf8').trim().split('\n')).toEqual(['dry-activate'])
  await screenshot(page, 'rebuild-confirm.png')
  await confirm.getByRole('button', { name: 'Activate', exact: true }).click()

  const outcome = area.getByTestId('run-outcome')
  await expect(outcome).toContainText('succeeded', { timeout: 60_000 })
  await expect(outcome).toContainText('Generation 1')
  await expect(area.getByRole('region', { name: 'Past runs' })).toContainText('switch')
  // Kept after the end (the terminal draws its newest lines: the activation's).
  await expect(area.getByTestId('terminal')).toContainText('switch-to-configuration: switch')
  await screenshot(page, 'rebuild.png')

  const link = join(profileDir, 'system')
  expect(existsSync(link)).toBe(true)
  expect(readlinkSync(link)).toBe('system-1-link')
  expect(realpathSync(link)).toMatch(/^\/nix\/store\//)
  expect(readFileSync(activationLog, 'utf8').trim().split('\n')).toEqual(['dry-activate', 'switch'])

  // The Generations area links the new generation to this run and its commit.
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Generations' })
    .click()
  const timeline = page.locator('.gen-built-by').first()
  await expect(timeline).toHaveText('run #1', { timeout: 30_000 })
  await expect(page.locator('.gen-rev').first()).toContainText(/⎇ [0-9a-f]{7}/)
})
