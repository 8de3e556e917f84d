// The Inputs preview says what an update does to the host before it is applied or built: the
// prediction fixture's input moves upstream (hello 2.12 → 2.13 and the kernel), and the preview
// shows the headline, the reboot, the package list of the Generations comparison with its
// filters, and what changes only to build the system; a pin to a branch and "Update all" the
// same way. flake.lock is not written.
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostNix, makePredictFixture, type PredictFixture } from '../fixtures/predict-fixture'
import { git } from '../helpers/git-repo'
import { openArea, previewUpdateOf } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile } from './serve-for-file'

let fixture: PredictFixture
let app: ServedApp

serveForFile(
  'predict',
  (work) => {
    const made = makePredictFixture(work)
    // Upstream moves on: main of the input gains the version bump.
    git(made.pkgsRepo, 'merge', '-q', '--ff-only', made.revs['version bump'])
    return { fixture: made, flake: made.repo }
  },
  (served) => {
    ;({ fixture, app } = served)
  },
)

test('an update preview predicts, per host, the packages that change and what must be built', async ({
  page,
}) => {
  const lock = readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')
  const prediction = await previewUpdateOf(page, app.url, 'pkgs')
  const headline = prediction.getByTestId('prediction-headline')
  await expect(headline).toHaveText(
    /^linux 6\.6\.30 → 6\.6\.32 \(a reboot is needed\), 2 packages upgraded, 2 packages rebuilt at the same version, \d+ derivations to build$/,
    { timeout: 60_000 },
  )
  await expect(prediction).toContainText('host demo')
  await expect(prediction.getByRole('note')).toHaveText('Needs a reboot: linux 6.6.30 → 6.6.32')
  const rows = prediction.getByTestId('change-row')
  await expect(rows).toHaveCount(4)
  await expect(rows.filter({ hasText: 'hello' })).toContainText('2.12 → 2.13')
  await expect(rows.filter({ hasText: 'hello' }).getByLabel('chosen')).toBeVisible()
  // Nothing is built: no size is made up.
  await expect(rows.filter({ hasText: 'hello' }).getByRole('cell').last()).toHaveText('–')
  await expect(prediction).toContainText(
    'To build it: 1 derivation changes (hello 2.12.tar → 2.13.tar)',
  )

  // The Generations comparison's filters work on the prediction too.
  await prediction.getByRole('button', { name: /^Upgraded/ }).click()
  await expect(rows).toHaveCount(2)
  await prediction.getByRole('checkbox', { name: /Chosen only/ }).check()
  await expect(rows).toHaveCount(1)
  await prediction.getByRole('checkbox', { name: /Chosen only/ }).uncheck()
  await prediction.getByRole('button', { name: /^Upgraded/ }).click()
  await expect(rows).toHaveCount(4)

  await screenshot(page, 'inputs-predict.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await headline.scrollIntoViewIfNeeded()
  await expect(headline).toBeInViewport()
  await screenshot(page, 'inputs-predict-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })
  expect(readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')).toBe(lock)
  expect(git(fixture.repo, 'status', '--porcelain')).toBe('')
})

test('pins to a branch (a guess marked as one) and an update of all inputs are predicted the same way; nothing is written', async ({
  page,
}) => {
  const lock = readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')
  await page.goto(app.url)
  await openArea(page, 'Inputs')
  await page.locator('tr[data-input="pkgs"]').click({ timeout: 30_000 })
  const details = page.getByRole('complementary', { name: 'Input details' })
  const picker = details.getByRole('region', { name: 'Versions' })
  const preview = page.getByRole('region', { name: 'Preview' })
  const pinTo = async (branch: string) => {
    if (!(await picker.isVisible())) {
      await details.getByRole('button', { name: 'Choose version…' }).click()
    }
    // The first look at the input's repository fetches its history (a while on a busy machine);
    // a failure to list shows as an alert in the picker, which this names.
    await expect(picker).not.toHaveAttribute('aria-busy', 'true', { timeout: 60_000 })
    await expect(picker.getByRole('alert')).toHaveCount(0)
    await picker.getByRole('tab', { name: /Branches/ }).click()
    await picker.locator('label.version-option', { hasText: branch }).getByRole('radio').check()
    await picker.getByRole('button', { name: `Preview pin to branch ${branch}` }).click()
  }
  await pinTo('added-and-removed')
  const prediction = page.getByRole('region', { name: 'What this changes' })
  const headline = prediction.getByTestId('prediction-headline')
  await expect(headline).toHaveText(
    /^1 package added, 1 package removed, 2 packages rebuilt at the same version, \d+ derivations? to build$/,
    { timeout: 60_000 },
  )
  const rows = prediction.getByTestId('change-row')
  await expect(rows.filter({ hasText: 'newpkg' })).toContainText('Added')
  await expect(rows.filter({ hasText: 'gone' })).toContainText('Removed')
  await preview.getByRole('button', { name: 'Cancel' }).click()
  await expect(prediction).toBeHidden()

  // libfoo 1.0 → 1.1 rebuilds app, which is not built yet: that app keeps libfoo in the system
  // only its build will tell, so libfoo's line is marked as a guess.
  await pinTo('dependency-change')
  await expect(headline).toHaveText(
    /^1 package upgraded, 3 packages rebuilt at the same version, \d+ derivations? to build$/,
    { timeout: 60_000 },
  )
  await expect(rows.filter({ hasText: 'libfoo' }).getByLabel('a guess until built')).toBeVisible()
  await expect(rows.filter({ hasText: 'app' }).getByLabel('a guess until built')).toHaveCount(0)
  await screenshot(page, 'inputs-predict-guess.png')
  await preview.getByRole('button', { name: 'Cancel' }).click()
  await expect(prediction).toBeHidden()

  await page.getByRole('button', { name: 'Update all…' }).click()
  await expect(headline).toHaveText(
    /^linux 6\.6\.30 → 6\.6\.32 \(a reboot is needed\), 2 packages upgraded/,
    { timeout: 60_000 },
  )
  expect(readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')).toBe(lock)
  expect(git(fixture.repo, 'status', '--porcelain')).toBe('')
})

test('Files: "What does this change?" predicts the uncommitted edits against HEAD for the host', async ({
  page,
}) => {
  const hostFile = join(fixture.repo, 'host.nix')
  writeFileSync(hostFile, hostNix(' ++ [ pkgs.packages.cc ]'))
  try {
    await page.goto(app.url)
    await openArea(page, 'Files')
    const hosts = page.getByRole('region', { name: 'Hosts' })
    await hosts.getByRole('radio', { name: 'demo' }).check({ timeout: 30_000 })
    await hosts.getByRole('button', { name: 'What does this change?' }).click()
    const dialog = page.getByRole('dialog', { name: /What does this change\?/ })
    await expect(dialog.getByTestId('prediction-headline')).toHaveText(
      /^1 package added, 2 packages rebuilt at the same version, \d+ derivations? to build$/,
      { timeout: 60_000 },
    )
    await expect(dialog.getByTestId('change-row').filter({ hasText: 'cc' })).toContainText('13.2')
    await screenshot(page, 'files-predict.png')
    await page.setViewportSize({ width: 1024, height: 640 })
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeInViewport()
    await screenshot(page, 'files-predict-1024.png')
    await page.setViewportSize({ width: 1280, height: 800 })
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()
    expect(git(fixture.repo, 'status', '--porcelain')).toBe('M host.nix')

    // The same from the command palette, in another area, by keyboard: the Files area comes back
    // with the dialog, which Escape closes.
    await openArea(page, 'Generations')
    await page.keyboard.press('Control+Shift+P')
    const palette = page.getByRole('combobox', { name: 'Run a command' })
    await expect(palette).toBeFocused()
    await page.keyboard.type('what does this change')
    const options = page.getByRole('listbox', { name: 'Run a command' }).getByRole('option')
    await expect(options.first()).toContainText('What does this change? demo')
    await page.keyboard.press('Enter')
    await expect(dialog.getByTestId('prediction-headline')).toHaveText(
      /^1 package added, 2 packages rebuilt at the same version, \d+ derivations? to build$/,
      { timeout: 60_000 },
    )
    await expect(
      page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: /Files/ }),
    ).toHaveAttribute('aria-current', 'page')
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
  } finally {
    git(fixture.repo, 'checkout', '--', 'host.nix')
  }
})
