// The Inputs area's duplicated repository made to follow the flake's own copy in one click, in
// browser mode against real git input repositories locked by real nix: the suggested follows
// line previews as a flake.nix diff and a flake.lock diff, apply writes both, the duplicate mark
// goes, and undo puts both files back.
import { type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeInputsFixture, type InputsFixture } from '../fixtures/inputs-fixture'
import { git } from '../helpers/git-repo'
import { expect, screenshot, test } from './nix-test'
import { openInputs } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile, servingFlake } from './serve-for-file'

let fixture: InputsFixture
let app: ServedApp

const line = 'inputs.home.inputs.nixpkgs.follows = "nixpkgs";'
const read = (name: string) => readFileSync(join(fixture.flake, name), 'utf8')
const row = (page: Page, id: string) => page.locator(`tr[data-input="${id}"]`)

serveForFile(
  'follows',
  (work) => servingFlake(makeInputsFixture(work)),
  (served) => {
    ;({ fixture, app } = served)
  },
)

test('a suggested follows line: preview, apply, the duplicate is gone, undo', async ({ page }) => {
  const lockBefore = read('flake.lock')
  const nixBefore = read('flake.nix')
  await openInputs(page, app.url)
  await expect(row(page, 'home/nixpkgs')).toHaveClass(/is-duplicate/)
  const duplicates = page.getByRole('region', { name: 'Duplicates' })
  await expect(duplicates).toContainText(line)
  await duplicates.getByRole('button', { name: 'Make home/nixpkgs follow nixpkgs…' }).click()

  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(
    preview.getByRole('heading', { name: 'Preview: Make home/nixpkgs follow nixpkgs' }),
  ).toBeVisible()
  const card = preview.getByRole('article', { name: 'Change to home/nixpkgs' })
  await expect(card).toContainText('follows changed', { timeout: 30_000 })
  await expect(card).toContainText('follows nixpkgs')
  const nixDiff = preview.getByRole('figure', { name: 'flake.nix diff' })
  await expect(nixDiff.locator('tr.diff-added')).toHaveCount(1)
  await expect(nixDiff.locator('tr.diff-added')).toContainText(line)
  await expect(nixDiff.locator('tr.diff-removed')).toHaveCount(0)
  await expect(preview.getByRole('figure', { name: 'flake.lock diff' })).toBeVisible()
  await expect(preview).toContainText('flake.nix and flake.lock are written only when you apply.')
  // No checkbox: the follows is the flake.nix edit itself.
  await expect(preview.getByRole('checkbox')).toHaveCount(0)
  expect(read('flake.nix')).toBe(nixBefore)
  expect(read('flake.lock')).toBe(lockBefore)
  await screenshot(page, 'inputs-follows-preview.png')

  await preview.getByRole('button', { name: 'Apply' }).click()
  const outcome = page.getByTestId('change-outcome')
  await expect(outcome).toContainText('Make home/nixpkgs follow nixpkgs: flake.lock updated.', {
    timeout: 30_000,
  })
  await expect(outcome).toContainText(`flake.nix now says ${line}`)
  expect(read('flake.nix')).toContain(`\n  ${line}\n`)
  // The tree is read again: home's nixpkgs follows the flake's, and nothing is duplicated.
  await expect(row(page, 'home/nixpkgs')).toContainText('→ nixpkgs')
  await expect(row(page, 'home/nixpkgs')).not.toHaveClass(/is-duplicate/)
  await expect(row(page, 'nixpkgs')).not.toHaveClass(/is-duplicate/)
  await expect(page.getByTestId('inputs-counts')).toContainText('0 duplicated repositories')
  await expect(page.getByRole('region', { name: 'Duplicates' })).toHaveCount(0)
  await screenshot(page, 'inputs-follows-applied.png')

  await outcome.getByRole('button', { name: 'Undo' }).click()
  await expect(outcome).toContainText('flake.lock is back as the last commit has it.')
  await expect(outcome).toContainText('flake.nix is back as it was before the change, too.')
  expect(read('flake.lock')).toBe(lockBefore)
  expect(read('flake.nix')).toBe(nixBefore)
  expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
  await expect(row(page, 'home/nixpkgs')).toHaveClass(/is-duplicate/)
})

test('at 1024x640, by keyboard from the input details: the preview opens, Escape leaves it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await openInputs(page, app.url)
  await row(page, 'home/nixpkgs').click()
  const details = page.getByRole('complementary', { name: 'Input details' })
  await expect(details.getByRole('heading', { name: 'home/nixpkgs' })).toBeVisible()
  const apply = details.getByRole('button', { name: 'Make home/nixpkgs follow nixpkgs…' })
  await apply.focus()
  await page.keyboard.press('Enter')
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('figure', { name: 'flake.nix diff' })).toBeVisible({
    timeout: 30_000,
  })
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeFocused()
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeInViewport()
  await screenshot(page, 'inputs-follows-preview-small.png')
  await page.keyboard.press('Escape')
  await expect(preview).toHaveCount(0)
  await expect(apply).toBeVisible()
  await screenshot(page, 'inputs-follows-details-small.png')
  expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
})
