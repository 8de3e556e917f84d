// The Inputs tree for lock shapes of real configurations, locked by the nix under test: an input
// that follows the root flake (`follows = ""`, nix's way to turn an input off) reads as such.
import { expect, test } from './nix-test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeLockShapesFixture, type LockShapesFixture } from '../fixtures/lock-shapes-fixture'
import { useTestNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let fixture: LockShapesFixture
let app: ServedApp

test.beforeAll(async () => {
  useTestNixConfig()
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-lock-shapes-'))
  fixture = makeLockShapesFixture(work)
  app = await serveFlakedeck(['--flake', fixture.flake])
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('an input that follows the root flake says so in the tree and its details', async ({
  page,
}) => {
  await page.goto(app.url)
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Inputs' })
    .click()
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
