// Generations care in browser mode against the real `flakedeck serve` and real nix: pinning, and
// the clean-up preview and run. The server runs with NIX_REMOTE naming a nix store of this
// spec's own (tests/fixtures/isolated-store.ts), so its garbage collection never touches the
// shared /nix/store the other tests use.
import { type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatBytes } from '../../src/shared/generations/format'
import type { CleanupPlan } from '../../src/shared/generations/care-types'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { makeIsolatedStore, makeSizedProfile, type IsolatedStore } from '../fixtures/isolated-store'
import { expect, screenshot, test } from './nix-test'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let store: IsolatedStore
let app: ServedApp

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-care-'))
  store = makeIsolatedStore(join(work, 'nix'))
  const repo = makeRepo(join(work, 'nixos-config'), { 'flake.nix': minimalFlake })
  app = await serveFlakedeck(['--flake', repo], { NIX_REMOTE: store.uri })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openProfile(page: Page, profile: string) {
  await app.call('settings.set', { profilePath: profile })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Generations' }).click()
  await expect(page.getByTestId('profile-path')).toHaveText(profile)
}

test('pins a generation with a label, shows it, and unpins it', async ({ page }) => {
  const profile = makeSizedProfile(store, join(work, 'pin-profiles'), [64, 64, 64])
  await openProfile(page, profile)
  await page.getByRole('button', { name: 'Pin generation 2' }).click()
  const dialog = page.getByRole('dialog', { name: 'Pin generation #2' })
  await expect(dialog.getByRole('button', { name: 'Pin', exact: true })).toBeDisabled()
  await dialog.getByLabel('Label').fill('before the GPU driver change')
  await dialog.getByRole('button', { name: 'Pin', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('pin-2')).toHaveText('pinned: before the GPU driver change')
  // A pinned generation cannot be ticked for deletion.
  await expect(
    page.getByRole('checkbox', { name: 'Select generation 2 for deletion' }),
  ).toBeDisabled()
  await screenshot(page, 'generations-pin.png')

  const timeline = (await app.call('generations.list', {})) as {
    generations: { number: number; pin: { label: string } | null }[]
  }
  expect(timeline.generations.find((g) => g.number === 2)?.pin?.label).toBe(
    'before the GPU driver change',
  )
  await page.getByRole('button', { name: 'Unpin generation 2' }).click()
  await expect(page.getByTestId('pin-2')).toBeHidden()
  await expect(page.getByRole('button', { name: 'Pin generation 2' })).toBeVisible()

  // A pin whose generation nix-env deleted still holds its paths: listed, and unpinned there.
  await app.call('generations.pin', { number: 1, label: 'old but gold' })
  execFileSync('nix-env', ['--store', store.uri, '-p', profile, '--delete-generations', '1'], {
    stdio: 'pipe',
  })
  await page.getByRole('button', { name: '↻ Refresh' }).click()
  const orphans = page.getByTestId('orphan-pins')
  await expect(orphans).toContainText('#1 “old but gold”')
  await orphans.getByRole('button', { name: 'Unpin #1' }).click()
  await expect(orphans).toBeHidden()
})

test('previews a clean-up (generations and bytes), then runs it', async ({ page }) => {
  const profile = makeSizedProfile(store, join(work, 'clean-profiles'), [1024, 2048, 512, 256])
  const old = [1, 2, 3].map((n) => readlinkSync(`${profile}-${n}-link`))
  await openProfile(page, profile)
  await app.call('generations.pin', { number: 2, label: 'known good' })
  await page.getByRole('button', { name: '↻ Refresh' }).click()
  await expect(page.getByTestId('pin-2')).toBeVisible()

  await page.getByRole('button', { name: 'Clean up…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clean up' })
  // Everything here is minutes old: "newer than 14 days" keeps it all.
  await expect(dialog.getByTestId('cleanup-preview')).toContainText(
    'No generation goes with this policy.',
  )
  await dialog.getByRole('checkbox', { name: /everything newer than/ }).uncheck()
  await dialog.getByLabel('Newest generations to keep').fill('1')
  const plan = (await app.call('generations.cleanupPlan', {
    policy: { keep: 1, keepSinceDays: null },
  })) as CleanupPlan
  expect(plan.goes).toEqual([1, 3])
  await expect(dialog.getByTestId('cleanup-bytes')).toHaveText(formatBytes(plan.freedBytes))
  await expect(dialog.getByTestId('cleanup-preview')).toContainText('2 generations go')
  await expect(dialog.getByTestId('cleanup-row-2')).toContainText('kept: pinned')
  await expect(dialog.getByTestId('cleanup-row-4')).toContainText('kept: current, among the newest')
  await expect(dialog.getByTestId('cleanup-row-1')).toContainText('goes')
  await screenshot(page, 'generations-cleanup.png')

  await dialog.getByRole('button', { name: 'Delete 2 generations and collect garbage' }).click()
  const result = dialog.getByTestId('cleanup-result')
  await expect(result).toContainText('Deleted 2 generations: #1, #3.')
  await expect(result).toContainText(`the preview said ${formatBytes(plan.freedBytes)}`)
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByRole('list', { name: 'Generations' }).getByRole('listitem')).toHaveCount(2)
  expect(existsSync(old[0]!)).toBe(false)
  expect(existsSync(old[1]!)).toBe(true) // pinned
  expect(existsSync(old[2]!)).toBe(false)
})
