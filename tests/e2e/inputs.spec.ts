// The Inputs area in browser mode, against real git input repositories locked by real nix: the
// tree with stale and duplicated inputs, picking a version, preview, apply, commit, undo, and a
// broken flake.lock.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { commitFiles, makeInputsFixture, type InputsFixture } from '../fixtures/inputs-fixture'
import { git } from '../helpers/git-repo'
import { openInputs } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile, servingFlake } from './serve-for-file'

const day = 86_400_000
const daysAgo = (n: number) => new Date(Date.now() - n * day).toISOString()

let fixture: InputsFixture
let app: ServedApp
/** Commits upstream of nixpkgs made after the lock, newest last. */
let fresh: { rev: string; subject: string }[]

const lockPath = () => join(fixture.flake, 'flake.lock')
const flakeNixPath = () => join(fixture.flake, 'flake.nix')
const lockedRev = (name: string): string => {
  const lock = JSON.parse(readFileSync(lockPath(), 'utf8')) as {
    root: string
    nodes: Record<string, { inputs?: Record<string, string>; locked?: { rev?: string } }>
  }
  const label = lock.nodes[lock.root]!.inputs![name]!
  return lock.nodes[label]!.locked!.rev!
}

serveForFile(
  'inputs',
  (work) => {
    const made = makeInputsFixture(work)
    // `data` was updated three weeks ago, so it is fresh while the rest is years old; it has one
    // newer commit upstream since.
    commitFiles(made.repos.data, { 'README.md': 'data 4\n' }, 'data: fourth', daysAgo(21))
    execFileSync('nix', ['flake', 'lock', '--update-input', 'data', made.flake], {
      cwd: made.flake,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    git(made.flake, 'commit', '-q', '-am', 'flake.lock: Update data')
    commitFiles(made.repos.data, { 'README.md': 'data 5\n' }, 'data: fifth', daysAgo(4))
    // nixpkgs moves on upstream: a longer log to preview.
    fresh = [
      ['pkgs: hello 2.12', 40],
      ['pkgs: add greeting module', 26],
      ['pkgs: fix greeting on aarch64', 12],
      ['pkgs: world 1.4', 2],
    ].map(([subject, age], i) => ({
      subject: subject as string,
      rev: commitFiles(
        made.repos.pkgs,
        { 'NEWS.md': `release ${i}\n` },
        subject as string,
        daysAgo(age as number),
      ),
    }))
    return servingFlake(made)
  },
  (served) => {
    ;({ fixture, app } = served)
  },
)

const row = (page: Page, id: string) => page.locator(`tr[data-input="${id}"]`)

test('the tree shows each input with its type, ref, revision, date, age and follows; stale and duplicates marked', async ({
  page,
}) => {
  await openInputs(page, app.url)
  const tree = page.getByRole('treegrid', { name: 'Inputs' })
  await expect(tree.getByRole('row')).toHaveCount(9) // header + 8 inputs
  const nixpkgs = row(page, 'nixpkgs')
  await expect(nixpkgs).toContainText('git')
  await expect(nixpkgs).toContainText(fixture.revs.p3.slice(0, 7))
  await expect(nixpkgs).toContainText('2024-03-01')
  await expect(nixpkgs).toContainText(/\d+ years?/)
  await expect(nixpkgs).toHaveClass(/is-stale/)
  await expect(nixpkgs).toHaveClass(/is-duplicate/)
  // The copy at tag v1 is the other half of the duplicate.
  const homeNixpkgs = row(page, 'home/nixpkgs')
  await expect(homeNixpkgs).toHaveAttribute('aria-level', '2')
  await expect(homeNixpkgs).toContainText('v1')
  await expect(homeNixpkgs).toContainText(fixture.revs.p1.slice(0, 7))
  await expect(homeNixpkgs).toHaveClass(/is-duplicate/)
  await expect(row(page, 'tools/nixpkgs')).toContainText('→ nixpkgs')
  await expect(row(page, 'extra/nixpkgs')).toContainText('→ home/nixpkgs')
  const data = row(page, 'data')
  await expect(data).toContainText('3 weeks')
  await expect(data).not.toHaveClass(/is-stale/)
  await expect(data).toContainText('non-flake')
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText(
    'stale: locked more than 90 days ago',
  )
  // Five are years old, but tools, extra (the same repository) and home are locked at their
  // branch's newest commit: nothing newer to take, so not stale, as their details say. Stale are
  // nixpkgs (behind main) and home/nixpkgs (an input's own, whose upstream is not asked).
  await expect(page.getByTestId('inputs-counts')).toContainText(
    '5 inputs (8 with theirs) · 2 stale · 1 duplicated repository',
    { timeout: 30_000 },
  )
  for (const id of ['tools', 'extra', 'home'])
    await expect(row(page, id)).not.toHaveClass(/is-stale/)
  await expect(homeNixpkgs).toHaveClass(/is-stale/)

  // The duplicate explained beside the tree, with the follows line that removes it.
  await expect(page.getByRole('region', { name: 'Duplicates' })).toContainText(
    'inputs.home.inputs.nixpkgs.follows = "nixpkgs";',
  )
  // Keyboard: focus the tree, move down to home, fold it, open its details.
  await row(page, 'data').click()
  await page.keyboard.press('ArrowDown') // extra
  await page.keyboard.press('ArrowDown') // extra/nixpkgs
  await page.keyboard.press('ArrowDown') // home
  await expect(row(page, 'home')).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(row(page, 'home/nixpkgs')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(row(page, 'home/nixpkgs')).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  const details = page.getByRole('complementary', { name: 'Input details' })
  await expect(details.getByRole('heading', { name: 'home/nixpkgs' })).toBeVisible()
  await expect(details).toContainText('v1 (tag)')
  await expect(details).toContainText('is locked at 2 revisions')
  await screenshot(page, 'inputs.png')

  // A longer threshold: nothing is stale any more, at once, and it is kept.
  const field = page.getByLabel('Stale after (days)')
  await field.fill('3650')
  await expect(page.getByTestId('inputs-counts')).toContainText('0 stale')
  await expect(nixpkgs).not.toHaveClass(/is-stale/)
  await page.waitForTimeout(1000) // saved a moment after typing stops
  await openInputs(page, app.url)
  await expect(page.getByLabel('Stale after (days)')).toHaveValue('3650')
  await expect(page.getByTestId('inputs-counts')).toContainText('0 stale')
  await page.getByLabel('Stale after (days)').fill('90')
  await expect(page.getByTestId('inputs-counts')).toContainText('2 stale')
  await page.waitForTimeout(1000) // saved, for the tests after this one
})

test('pick a version for an input, preview it with its commits and lock diff, apply, commit', async ({
  page,
}) => {
  await openInputs(page, app.url)
  await row(page, 'nixpkgs').click()
  const details = page.getByRole('complementary', { name: 'Input details' })
  await details.getByRole('button', { name: 'Choose version…' }).click()
  const picker = details.getByRole('region', { name: 'Versions' })
  await expect(picker.getByRole('tab', { name: /Commits on main/ })).toBeVisible({
    timeout: 30_000,
  })
  await expect(picker.getByRole('tab', { name: /Tags/ })).toContainText('2')
  const target = fresh[2]!
  await picker.getByRole('radio', { name: new RegExp(target.subject) }).check()
  await screenshot(page, 'inputs-versions.png')
  await picker
    .getByRole('button', { name: `Preview pin to commit ${target.rev.slice(0, 7)}` })
    .click()

  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(
    preview.getByRole('heading', {
      name: `Preview: Pin nixpkgs to commit ${target.rev.slice(0, 7)}`,
    }),
  ).toBeVisible()
  const card = preview.getByRole('article', { name: 'Change to nixpkgs' })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await expect(card).toContainText(`${fixture.revs.p3.slice(0, 7)} (2024-03-01)`)
  await expect(card).toContainText(target.rev.slice(0, 7))
  await expect(card).toContainText('5 new commits')
  await expect(card).toContainText('Commits this brings in (5, newest first)')
  const subjects = card.locator('.commit-subject')
  await expect(subjects).toHaveText([
    target.subject,
    fresh[1]!.subject,
    fresh[0]!.subject,
    'pkgs: fix world',
    'pkgs: add world',
  ])
  const diff = preview.getByRole('figure', { name: 'flake.lock diff' })
  await expect(diff.locator('tr.diff-removed')).toContainText([`"rev": "${fixture.revs.p3}"`])
  await expect(diff.locator('tr.diff-added')).toContainText([`"rev": "${target.rev}"`])
  await expect(
    preview.getByLabel('Also write this ref into flake.nix, so the next update keeps it'),
  ).toBeChecked()
  // Nothing is written by a preview.
  expect(lockedRev('nixpkgs')).toBe(fixture.revs.p3)
  await screenshot(page, 'inputs-preview.png')

  await preview.getByRole('button', { name: 'Apply' }).click()
  const outcome = page.getByTestId('change-outcome')
  await expect(outcome).toContainText(
    `Pin nixpkgs to commit ${target.rev.slice(0, 7)}: flake.lock updated.`,
    { timeout: 30_000 },
  )
  expect(lockedRev('nixpkgs')).toBe(target.rev)
  expect(readFileSync(flakeNixPath(), 'utf8')).toContain(`rev=${target.rev}`)
  // The tree is read again.
  await expect(row(page, 'nixpkgs')).toContainText(target.rev.slice(0, 7))
  await expect(row(page, 'tools/nixpkgs')).toContainText(target.rev.slice(0, 7))
  await expect(row(page, 'nixpkgs')).toContainText(`main @${target.rev.slice(0, 7)}`) // asked for

  await outcome.getByRole('button', { name: 'Commit flake.lock…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Commit flake.lock' })
  const message = dialog.getByLabel('Message')
  await expect(message).toHaveValue(
    /^flake\.lock: Update\n\nFlake lock file updates:\n\n• Updated input 'nixpkgs':/,
  )
  await expect(message).toHaveValue(new RegExp(`rev=${target.rev}.*\\(\\d{4}-\\d\\d-\\d\\d\\)`))
  await expect(dialog.getByLabel(/Also commit flake.nix/)).toBeChecked()
  await screenshot(page, 'inputs-commit.png')
  await dialog.getByRole('button', { name: 'Commit both files' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'Committed' })).toBeVisible()
  expect(git(fixture.flake, 'log', '-1', '--format=%s')).toBe('flake.lock: Update')
  expect(git(fixture.flake, 'log', '-1', '--format=%b')).toContain("• Updated input 'nixpkgs':")
  expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
})

test('update the ticked inputs through a preview, then undo in one click', async ({ page }) => {
  await openInputs(page, app.url)
  const committed = readFileSync(lockPath(), 'utf8')
  await row(page, 'data').getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Update selected (1)…' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  const card = preview.getByRole('article', { name: 'Change to data' })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await expect(card).toContainText('1 new commit')
  await expect(card).toContainText('data: fifth')
  await preview.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByTestId('change-outcome')).toContainText(
    'Update data: flake.lock updated.',
    { timeout: 30_000 },
  )
  await expect(row(page, 'data')).toContainText('4 days')
  expect(readFileSync(lockPath(), 'utf8')).not.toBe(committed)

  await page.getByRole('button', { name: 'Undo lock changes' }).click()
  // Undo goes through the same guarded path as the change (git, then nix reads the lock again):
  // as long as Apply may take on a loaded machine.
  await expect(page.getByTestId('change-outcome')).toContainText(
    'flake.lock is back as the last commit has it.',
    { timeout: 30_000 },
  )
  expect(readFileSync(lockPath(), 'utf8')).toBe(committed)
  await expect(row(page, 'data')).toContainText('3 weeks')
  await expect(page.getByRole('button', { name: 'Undo lock changes' })).toBeDisabled()
})

test('pin to a tag in flake.lock only, leaving flake.nix as it is', async ({ page }) => {
  await openInputs(page, app.url)
  const flakeNix = readFileSync(flakeNixPath(), 'utf8')
  await row(page, 'nixpkgs').click()
  const details = page.getByRole('complementary', { name: 'Input details' })
  await details.getByRole('button', { name: 'Choose version…' }).click()
  const picker = details.getByRole('region', { name: 'Versions' })
  await picker.getByRole('tab', { name: /Tags/ }).click()
  await expect(picker.getByRole('radio')).toHaveCount(2)
  await picker.getByLabel('Filter versions').fill('v2')
  await picker.getByRole('radio', { name: /v2/ }).check()
  await picker.getByRole('button', { name: 'Preview pin to tag v2' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  const card = preview.getByRole('article', { name: 'Change to nixpkgs' })
  await expect(card).toContainText('goes back', { timeout: 30_000 })
  await preview.getByLabel(/Also write this ref into flake.nix/).uncheck()
  await preview.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByTestId('change-outcome')).toContainText('Pin nixpkgs to tag v2', {
    timeout: 30_000,
  })
  expect(lockedRev('nixpkgs')).toBe(fixture.revs.p2)
  expect(readFileSync(flakeNixPath(), 'utf8')).toBe(flakeNix)
  await page.getByTestId('change-outcome').getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('change-outcome')).toContainText('flake.lock is back', {
    timeout: 30_000,
  })
  expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
})

test('a preview can be cancelled with Escape, and nothing is written', async ({ page }) => {
  await openInputs(page, app.url)
  const before = readFileSync(lockPath(), 'utf8')
  await page.getByRole('button', { name: 'Update all…' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeEnabled({ timeout: 30_000 })
  await expect(preview.getByRole('article')).toHaveCount(1) // data; nixpkgs is pinned now
  await page.keyboard.press('Escape')
  await expect(preview).toHaveCount(0)
  await expect(page.getByRole('treegrid', { name: 'Inputs' })).toBeVisible()
  expect(readFileSync(lockPath(), 'utf8')).toBe(before)
})

test("another window's update while a preview is open: Apply is refused, that update is kept", async ({
  page,
}) => {
  await openInputs(page, app.url)
  await page.getByRole('button', { name: 'Update all…' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('button', { name: 'Apply' })).toBeEnabled({ timeout: 30_000 })
  // Window 2 updates data while this window's preview is on screen.
  await app.call('inputs.update', { repo: fixture.flake, names: ['data'] })
  const windowTwo = readFileSync(lockPath(), 'utf8')
  await preview.getByRole('button', { name: 'Apply' }).click()
  const alert = page.locator('.inputs-notices').getByRole('alert')
  await expect(alert).toContainText('flake.lock changed after the preview was made.')
  await expect(alert).toContainText('Preview the change again')
  // The stale preview is gone and the tree shows window 2's lock.
  await expect(preview).toHaveCount(0)
  await expect(row(page, 'data')).toContainText('4 days')
  await screenshot(page, 'inputs-apply-conflict.png')
  expect(readFileSync(lockPath(), 'utf8')).toBe(windowTwo)
  git(fixture.flake, 'checkout', '--', 'flake.lock')
})

test('bad input: a broken or unknown-version flake.lock, an uncommitted flake.nix, an input gone from flake.nix', async ({
  page,
}) => {
  await openInputs(page, app.url)
  const good = readFileSync(lockPath(), 'utf8')
  const problem = page.getByTestId('inputs-read-error').getByRole('alert')

  // Written behind the app's back: the area reads it again by itself.
  writeFileSync(lockPath(), good.slice(0, good.length / 2))
  await expect(problem).toContainText('cut short', { timeout: 15_000 })
  await expect(problem).toContainText('Restore it from git (Undo)')
  await screenshot(page, 'inputs-broken-lock.png')
  await page.getByRole('button', { name: 'Restore flake.lock from the last commit' }).click()
  await expect(problem).toHaveCount(0)
  await expect(page.getByRole('treegrid', { name: 'Inputs' })).toBeVisible()
  expect(readFileSync(lockPath(), 'utf8')).toBe(good)

  // nix reads versions 5 to 7; an older lock it refuses, and says how to get a new one.
  writeFileSync(lockPath(), good.replace('"version": 7', '"version": 4'))
  await expect(problem).toContainText('version 4', { timeout: 15_000 })
  await expect(problem).toContainText('Move flake.lock aside and run "nix flake lock"')
  await page.getByRole('button', { name: 'Undo lock changes' }).click()
  await expect(problem).toHaveCount(0)

  // One entry Flakedeck cannot decode: that row says so, the rest of the tree is as always.
  writeFileSync(
    lockPath(),
    good.replaceAll(`"url": "file://${fixture.repos.data}"`, '"url": "file:///tmp/%E0%A4"'),
  )
  await expect(row(page, 'data').getByText('unreadable')).toBeVisible({ timeout: 15_000 })
  await expect(problem).toHaveCount(0)
  await expect(row(page, 'nixpkgs')).toBeVisible()
  await row(page, 'data').click()
  await expect(
    page
      .getByRole('complementary', { name: 'Input details' })
      .getByRole('alert')
      .filter({ hasText: 'broken percent-encoding' }),
  ).toBeVisible()
  await page.getByRole('button', { name: 'Undo lock changes' }).click()
  await expect(row(page, 'data').getByText('unreadable')).toHaveCount(0)

  // flake.nix loses `data` and is left uncommitted.
  const text = readFileSync(flakeNixPath(), 'utf8')
    .replace(/ {2}# Not a flake[\s\S]*?flake = false;\n {2}};\n/, '')
    .replace(', data }', ' }')
  writeFileSync(flakeNixPath(), text)
  await expect(page.getByTestId('undeclared')).toContainText('"data"', { timeout: 15_000 })
  await expect(
    page.getByRole('note').filter({ hasText: 'flake.nix has uncommitted changes' }),
  ).toBeVisible()
  await expect(row(page, 'data')).toContainText('not in flake.nix')
  await row(page, 'data').getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Update selected (1)…' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Input "data" is no longer in flake.nix.' }),
  ).toBeVisible({ timeout: 30_000 })
  git(fixture.flake, 'checkout', '--', 'flake.nix')
})
