// The Inputs version picker against real git repositories locked by real nix: tags beside the
// commits they point to, and after a pin the new revision marked as the locked one.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileUrl, makeInputsFixture, type InputsFixture } from '../fixtures/inputs-fixture'
import { git } from '../helpers/git-repo'
import { openArea } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile, servingFlake } from './serve-for-file'

let fixture: InputsFixture
let app: ServedApp

serveForFile(
  'inputs-picker',
  (work) => servingFlake(makeInputsFixture(work)),
  (served) => {
    ;({ fixture, app } = served)
  },
)

async function openPicker(page: Page) {
  const details = page.getByRole('complementary', { name: 'Input details' })
  await details.getByRole('button', { name: 'Choose version…' }).click()
  const picker = details.getByRole('region', { name: 'Versions' })
  await expect(picker.getByRole('tab', { name: /Commits on main/ })).toBeVisible({
    timeout: 30_000,
  })
  return picker
}

const option = (picker: ReturnType<Page['getByRole']>, subject: string) =>
  picker.locator('label.version-option', { hasText: subject })

test('tags stand beside their commits; after a pin the new revision is the locked one', async ({
  page,
}) => {
  await page.goto(app.url)
  await openArea(page, 'Inputs')
  await page.locator('tr[data-input="nixpkgs"]').click()
  let picker = await openPicker(page)
  await expect(option(picker, 'pkgs: initial').locator('.tag')).toHaveText(['v1'])
  await expect(option(picker, 'pkgs: add hello').locator('.tag')).toHaveText(['v2'])
  await expect(option(picker, 'pkgs: bump hello').locator('.tag')).toHaveText(['locked'])
  await screenshot(page, 'inputs-picker-tags.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await screenshot(page, 'inputs-picker-tags-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })

  await option(picker, 'pkgs: add hello').getByRole('radio').check()
  await picker
    .getByRole('button', { name: `Preview pin to commit ${fixture.revs.p2.slice(0, 7)}` })
    .click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeEnabled({ timeout: 30_000 })
  await preview.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByTestId('change-outcome')).toContainText('Pin nixpkgs', {
    timeout: 30_000,
  })
  await expect(page.locator('tr[data-input="nixpkgs"]')).toContainText(fixture.revs.p2.slice(0, 7))

  picker = page.getByRole('complementary', { name: 'Input details' }).getByRole('region', {
    name: 'Versions',
  })
  if (!(await picker.isVisible())) picker = await openPicker(page)
  await expect(option(picker, 'pkgs: add hello').locator('.tag')).toHaveText(['v2', 'locked'])
  await expect(option(picker, 'pkgs: bump hello').locator('.tag')).toHaveCount(0)
  await screenshot(page, 'inputs-picker-locked.png')
})

test('each input says how far behind its branch upstream it is; one at the newest commit is not stale', async ({
  page,
}) => {
  await page.goto(app.url)
  await openArea(page, 'Inputs')
  const details = page.getByRole('complementary', { name: 'Input details' })
  // Locked at main's newest commit, years ago: old, but nothing newer to take.
  await page.locator('tr[data-input="tools"]').click()
  await expect(details.getByTestId('upstream-distance')).toHaveText(
    'at the newest commit of main',
    {
      timeout: 30_000,
    },
  )
  await expect(details.locator('.side-title')).not.toContainText('stale')
  // The table calls it what the details do: old by its lock, but not stale.
  await expect(page.locator('tr[data-input="tools"]')).not.toHaveClass(/is-stale/)
  // The test before pinned nixpkgs back to p2: behind by what main has after it, and old.
  const behind = Number(
    git(fixture.repos.pkgs, 'rev-list', '--count', `${fixture.revs.p2}..main`).trim(),
  )
  expect(behind).toBeGreaterThan(1)
  await page.locator('tr[data-input="nixpkgs"]').click()
  await expect(details.getByTestId('upstream-distance')).toHaveText(
    `${behind} commits behind main`,
    {
      timeout: 30_000,
    },
  )
  await expect(details.locator('.side-title')).toContainText('stale')
  await expect(page.locator('tr[data-input="nixpkgs"]')).toHaveClass(/is-stale/)
  await screenshot(page, 'inputs-upstream-distance.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(details.getByTestId('upstream-distance')).toBeInViewport()
  await screenshot(page, 'inputs-upstream-distance-1024.png')
  // Over raw HTTP.
  expect(
    await app.call('inputs.upstreamDistance', { repo: fixture.flake, name: 'nixpkgs' }),
  ).toEqual({
    input: 'nixpkgs',
    branch: 'main',
    behind,
    ahead: 0,
  })
})

test('an input flake.nix declares and flake.lock lacks is locked in one click, through a preview', async ({
  page,
}) => {
  const flakeNix = join(fixture.flake, 'flake.nix')
  writeFileSync(
    flakeNix,
    readFileSync(flakeNix, 'utf8').replace(
      '  outputs = {',
      `  inputs.more = {\n    url = "${fileUrl(fixture.repos.data)}";\n    flake = false;\n  };\n\n  outputs = {`,
    ),
  )
  git(fixture.flake, 'commit', '-qam', 'flake.nix: add more')
  await page.goto(app.url)
  await openArea(page, 'Inputs')
  const notice = page.getByTestId('unlocked')
  await expect(notice).toContainText('flake.nix declares "more"', { timeout: 30_000 })
  await expect(notice).not.toContainText('Run "nix flake lock"')
  await notice.getByRole('button', { name: 'Lock it…' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeEnabled({ timeout: 30_000 })
  await expect(preview.getByRole('figure', { name: 'flake.lock diff' })).toContainText('"more"')
  // A preview writes nothing.
  expect(readFileSync(join(fixture.flake, 'flake.lock'), 'utf8')).not.toContain('"more"')
  await screenshot(page, 'inputs-lock-it.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await screenshot(page, 'inputs-lock-it-1024.png')
  await preview.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByTestId('change-outcome')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('unlocked')).toHaveCount(0)
  const lock = JSON.parse(readFileSync(join(fixture.flake, 'flake.lock'), 'utf8')) as {
    nodes: { root: { inputs: Record<string, string> } }
  }
  expect(Object.keys(lock.nodes.root.inputs)).toContain('more')
})
