// The Rebuild area's first step, which needs no build: the working tree (an uncommitted edit adds
// the compiler to the chosen packages) against the running system, the current generation of
// the profile the rebuild writes (a throwaway profile set to the last commit's system). It names
// the packages that change and how much must be built; nothing is built or written until the
// user goes on, and then the build runs as usual.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  hostNix,
  makePredictFixture,
  predictHost,
  type PredictFixture,
} from '../fixtures/predict-fixture'
import { git } from '../helpers/git-repo'
import { useTestNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let fixture: PredictFixture
let profile: string
let app: ServedApp

const openRebuild = (page: Page) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Rebuild' }).click()

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  useTestNixConfig()
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-rebuild-predict-'))
  fixture = makePredictFixture(work)
  // The running system: the last commit's toplevel, built and set as generation 1.
  const attr = `nixosConfigurations.${predictHost}.config.system.build.toplevel.drvPath`
  const drv = run('nix', ['eval', '--raw', `${fixture.repo}#${attr}`])
  mkdirSync(join(work, 'profiles'))
  profile = join(work, 'profiles', 'system')
  run('nix-env', ['-p', profile, '--set', run('nix-store', ['--realise', drv])])
  // The saved, uncommitted edit the prediction is about.
  writeFileSync(join(fixture.repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
  app = await serveFlakedeck(['--flake', fixture.repo])
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildSudo: false,
    rebuildProfilePath: profile,
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('before building, the working tree is compared with the running system; then the build goes on', async ({
  page,
}) => {
  test.setTimeout(180_000)
  await page.goto(app.url)
  await openRebuild(page)
  const area = page.locator('.rebuild-area')
  const before = area.getByRole('region', { name: 'Before building' })
  await expect(before).toContainText(`the current generation of ${profile}`)
  await screenshot(page, 'rebuild-predict-closed.png')
  await before.getByRole('button', { name: 'What will this change?' }).click()

  const prediction = before.getByRole('region', { name: 'What this changes' })
  await expect(prediction.getByTestId('prediction-headline')).toHaveText(
    'Against generation 1 (the running system): 1 package added, 2 packages rebuilt at the same version, 2 derivations to build',
    { timeout: 60_000 },
  )
  await expect(prediction).toContainText(`host ${predictHost}`)
  const rows = prediction.getByTestId('change-row')
  await expect(rows.filter({ hasText: 'cc' })).toContainText('13.2')
  await expect(rows.filter({ hasText: 'cc' }).getByLabel('chosen')).toBeVisible()
  await screenshot(page, 'rebuild-predict.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(before.getByRole('button', { name: 'Go on: Switch' })).toBeInViewport()
  await screenshot(page, 'rebuild-predict-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })

  // Nothing was built or written: the profile is where it was, the edit still uncommitted.
  expect(readlinkSync(profile)).toBe('system-1-link')
  expect(git(fixture.repo, 'status', '--porcelain')).toBe('M host.nix')

  // One can stop there…
  await before.getByRole('button', { name: 'Close' }).click()
  await expect(prediction).toBeHidden()
  // …or go on: the build runs as the start button would run it.
  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await before.getByRole('button', { name: 'What will this change?' }).click()
  await expect(prediction.getByTestId('prediction-headline')).toContainText('2 derivations', {
    timeout: 60_000,
  })
  await before.getByRole('button', { name: 'Go on: Build' }).click()
  await expect(before).toBeHidden()
  const outcome = area.getByTestId('run-outcome')
  await expect(outcome).toContainText('succeeded', { timeout: 120_000 })
  // Afterwards the outcome holds the progress's place (the terminal keeps its size), and its
  // "What will this change?" brings the first step back, open, in the outcome's place.
  await expect(before).toBeHidden()
  await outcome.getByRole('button', { name: 'What will this change?' }).click()
  await expect(prediction.getByTestId('prediction-headline')).toContainText(
    'Against generation 1 (the running system)',
    { timeout: 60_000 },
  )
  await expect(outcome).toBeHidden()
  await before.getByRole('button', { name: 'Close' }).click()
  await expect(before.getByRole('button', { name: 'What will this change?' })).toBeVisible()
  expect(readlinkSync(profile)).toBe('system-1-link')
})
