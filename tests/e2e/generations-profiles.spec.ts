// Several profiles in browser mode against the real `flakedeck serve` and real nix: the system
// profile and a Home Manager profile found under XDG_STATE_HOME, switched between with the
// profile tabs; Home Manager facts, comparison, "switch to" through its activate script as a
// recorded run in the Rebuild area; and adding another profile.
import { type Page } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { testNixConfig } from '../helpers/nix-env'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { makeHomeManagerProfile } from '../fixtures/home-manager-profile'
import { expect, screenshot, test } from './nix-test'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

const nixEnv = { ...process.env, NIX_CONFIG: testNixConfig() }
let work: string
let system: string
let home: string
let activations: string
let app: ServedApp

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-profiles-'))
  const state = join(work, 'state')
  system = makeGenerationsProfile(join(work, 'system-profiles'), { n: 30, gens: 3, env: nixEnv })
  activations = join(work, 'activations.log')
  home = makeHomeManagerProfile(
    join(state, 'nix', 'profiles'),
    [
      {
        packages: [
          ['ripgrep', '14.1.0'],
          ['git', '2.44.0'],
          ['htop', '3.3.0'],
        ],
      },
      {
        packages: [
          ['ripgrep', '14.1.1'],
          ['git', '2.44.0'],
          ['jq', '1.7.1'],
        ],
        hmVersion: '25.05',
      },
    ],
    activations,
    nixEnv,
  )
  const repo = makeRepo(join(work, 'config'), { 'flake.nix': minimalFlake })
  app = await serveFlakedeck(['--flake', repo], { XDG_STATE_HOME: state })
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: system,
    profilePath: system,
    rebuildSudo: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

const switcher = (page: Page) => page.getByRole('navigation', { name: 'Profiles' })

test('switches between the system and Home Manager timelines, and activates a Home Manager generation', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Generations' }).click()
  await expect(switcher(page).getByRole('button', { name: /^System/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(page.getByTestId('generation-3')).toContainText('NixOS 26.05.2')

  await switcher(page)
    .getByRole('button', { name: /^Home Manager/ })
    .click()
  await expect(page.getByTestId('profile-path')).toHaveText(home)
  await expect(switcher(page).getByRole('button', { name: /^Home Manager/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(page.getByTestId('generation-2')).toContainText('Home Manager 25.05')
  await expect(page.getByTestId('home-packages-2')).toHaveText(
    '3 packages: git-2.44.0, jq-1.7.1, ripgrep-14.1.1',
  )
  // The comparison works as for systems: the chosen packages, by name.
  const comparison = page.getByRole('region', { name: 'Comparison' })
  await expect(comparison.getByRole('heading')).toHaveText('#1⇄#2')
  await expect(comparison.getByRole('button', { name: /^Upgraded/ })).toHaveText('Upgraded 1')
  await expect(comparison.getByRole('button', { name: /^Added/ })).toHaveText('Added 1')
  await expect(comparison.getByRole('button', { name: /^Removed/ })).toHaveText('Removed 1')
  await screenshot(page, 'generations-profiles.png')

  // Switch to generation 1: the profile moves, then its activate runs, in the Rebuild area.
  await page.getByRole('button', { name: 'Roll back to #1…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Roll back to generation 1?' })
  const commands = dialog.getByRole('region', { name: 'Commands to run' })
  await expect(commands).toContainText(`nix-env -p ${home} --switch-generation 1`)
  await expect(commands).toContainText(`${readlinkSync(`${home}-1-link`)}/activate`)
  await expect(commands).not.toContainText('sudo')
  await dialog.getByRole('button', { name: 'Switch and activate' }).click()
  const outcome = page.locator('.rebuild-area').getByTestId('run-outcome')
  await expect(outcome).toContainText('succeeded', { timeout: 60_000 })
  await expect(outcome).toContainText('Switched to generation 1.')
  expect(readFileSync(activations, 'utf8')).toBe('activated 1\n')
  expect(readlinkSync(home)).toBe('home-manager-1-link')

  // Back to the system timeline: one click.
  await page.getByRole('button', { name: 'Generations' }).click()
  await switcher(page)
    .getByRole('button', { name: /^System/ })
    .click()
  await expect(page.getByTestId('profile-path')).toHaveText(system)
})

test('adds another profile to the list, refuses one without generations, and removes it', async ({
  page,
}) => {
  const other = makeGenerationsProfile(join(work, 'other-profiles'), {
    n: 10,
    gens: 2,
    env: nixEnv,
  })
  await app.call('settings.set', { profilePath: system })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Generations' }).click()
  await switcher(page).getByRole('button', { name: '+ Add profile…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Profile' })
  await dialog.getByLabel('Profile path').fill(join(work, 'nothing-here'))
  await dialog.getByRole('button', { name: 'Use this profile' }).click()
  await expect(dialog.getByRole('alert')).toContainText('There is no nix profile at')
  await dialog.getByLabel('Profile path').fill(join(work, 'other-profiles'))
  await dialog.getByRole('button', { name: 'Use this profile' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('profile-path')).toHaveText(other)
  const tab = switcher(page).getByRole('button', { name: /^system\s*2$/ })
  await expect(tab).toHaveAttribute('aria-pressed', 'true')

  await switcher(page)
    .getByRole('button', { name: /^System/ })
    .click()
  await expect(page.getByTestId('profile-path')).toHaveText(system)
  await switcher(page)
    .getByRole('button', { name: `Remove ${other} from the list` })
    .click()
  await expect(tab).toHaveCount(0)
  expect(existsSync(other)).toBe(true)
})
