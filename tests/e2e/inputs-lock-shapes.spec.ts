// The Inputs tree for lock shapes of real configurations, locked by the nix under test: an input
// that follows the root flake (`follows = ""`, nix's way to turn an input off) reads as such.
import { expect, test } from './nix-test'
import { makeLockShapesFixture } from '../fixtures/lock-shapes-fixture'
import { openArea } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile, servingFlake } from './serve-for-file'

let app: ServedApp

serveForFile(
  'lock-shapes',
  (work) => servingFlake(makeLockShapesFixture(work)),
  (served) => (app = served.app),
)

test('an input that follows the root flake says so in the tree and its details', async ({
  page,
}) => {
  await page.goto(app.url)
  await openArea(page, 'Inputs')
  const tree = page.getByRole('treegrid', { name: 'Inputs' })
  await expect(tree).toBeVisible({ timeout: 30_000 })
  const compat = page.locator('tr[data-input="dep/flake-compat"]')
  await expect(compat).toHaveAttribute('aria-level', '2')
  await expect(compat.locator('.col-follows')).toHaveText('→ the root flake')
  await expect(compat).toHaveClass(/is-follows/)
  // Nothing to tick: it has no lock of its own.
  await expect(compat.getByRole('checkbox')).toHaveCount(0)
  await compat.click()
  const details = page.getByRole('complementary', { name: 'Input details' })
  await expect(details.getByRole('heading', { name: 'dep/flake-compat' })).toBeVisible()
  await expect(details).toContainText('Follows the root flake')
  await expect(details.getByRole('button', { name: 'the root flake' })).toHaveCount(0)
})
