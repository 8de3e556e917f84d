// The Generations area's reading aids, in browser mode against real nix profiles: same-version
// rebuilds hidden by default (with their count and a toggle), an unmistakable active filter, a
// chart that says where its axes start and whose legend shows the newest values at rest, the
// exact nix command a deletion runs, and "run #N" opening that run's log in Rebuild.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { git } from '../helpers/git-repo'
import { makeRebuildFixture, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { testNixConfig } from '../helpers/nix-env'
import { type ServedApp } from './serve-fixture'
import { serveForFile } from './serve-for-file'

let work: string
let profile: string
let fixture: RebuildFixture
let app: ServedApp

serveForFile(
  'generations-day',
  (work) => {
    chmodSync(work, 0o755)
    profile = makeGenerationsProfile(join(work, 'synthetic'), {
      n: 120,
      gens: 4,
      k: 7,
      env: { ...process.env, NIX_CONFIG: testNixConfig() },
    })
    const made = makeRebuildFixture(join(work, 'rebuild'), 'ok')
    mkdirSync(join(work, 'profiles'))
    return {
      fixture: made,
      flake: made.repo,
      settings: {
        rebuildMode: 'profile',
        rebuildProfilePath: join(work, 'profiles', 'system'),
        profilePath: profile,
        rebuildSudo: false,
        lookBeforeSwitch: false,
      },
    }
  },
  (served) => {
    ;({ work, fixture, app } = served)
  },
)

const nav = (page: Page) => page.getByRole('navigation', { name: 'Areas' })
const comparison = (page: Page) => page.getByRole('region', { name: 'Comparison' })

async function openGenerations(page: Page): Promise<void> {
  await page.goto(app.url)
  await nav(page).getByRole('button', { name: 'Generations' }).click()
  await expect(
    page.getByRole('list', { name: 'Generations' }).getByRole('listitem'),
  ).not.toHaveCount(0, {
    timeout: 60_000,
  })
}

test('same-version rebuilds are hidden with their count and a toggle; the active filter stands out', async ({
  page,
}) => {
  await openGenerations(page)
  const expected = (await app.call('generations.compare', { before: 3, after: 4 })) as {
    changes: { kind: string }[]
  }
  const total = expected.changes.length
  const same = expected.changes.filter((c) => c.kind === 'changed').length
  expect(same).toBeGreaterThan(0)
  const foot = comparison(page).locator('.gen-list-foot')
  await expect(foot).toContainText(`${total - same} of ${total} packages`)
  await expect(foot).toContainText(`${same} same-version rebuilds hidden`)
  const toggle = comparison(page).getByLabel(`Same-version rebuilds (${same})`)
  await expect(toggle).not.toBeChecked()
  await toggle.check()
  await expect(foot).toContainText(`${total} packages`)
  await expect(foot).not.toContainText('hidden')
  await toggle.uncheck()
  await expect(foot).toContainText(`${total - same} of ${total} packages`)
  // Asking for the "changed" kind shows them whatever the toggle says.
  const changedChip = comparison(page).getByRole('button', { name: /^Changed/ })
  await changedChip.click()
  await expect(foot).toContainText(`${same} of ${total} packages`)

  // The active chip differs from the others by more than a thin border.
  const upgraded = comparison(page).getByRole('button', { name: /^Upgraded/ })
  await expect(changedChip).toHaveAttribute('aria-pressed', 'true')
  const style = (b: typeof upgraded) =>
    b.evaluate((el) => {
      const s = el.ownerDocument.defaultView!.getComputedStyle(el)
      return { background: s.backgroundColor, weight: s.fontWeight, shadow: s.boxShadow }
    })
  const active = await style(changedChip)
  const idle = await style(upgraded)
  expect(active.background).not.toBe(idle.background)
  expect(Number(active.weight)).toBeGreaterThan(Number(idle.weight))
  expect(active.shadow).not.toBe('none')
  await screenshot(page, 'generations-filters.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await screenshot(page, 'generations-filters-1024.png')
})

test('the chart says where its axes start, and its legend shows the newest values at rest', async ({
  page,
}) => {
  await openGenerations(page)
  const chart = page.getByRole('figure', { name: 'Closure size and path count by generation' })
  await expect(chart.locator('figcaption')).toContainText(/axis|axes/)
  const legend = chart.locator('.u-legend')
  await expect(legend).toContainText('#4 (latest)')
  await expect(legend).not.toContainText('–')
})

test('the delete dialog shows the exact nix command it runs', async ({ page }) => {
  await openGenerations(page)
  await page.getByRole('checkbox', { name: 'Select generation 1 for deletion' }).check()
  await page.getByRole('checkbox', { name: 'Select generation 2 for deletion' }).check()
  await page.getByRole('button', { name: 'Delete… (2)' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete generations' })
  const commands = dialog.getByRole('region', { name: 'Commands to run' })
  await expect(commands).toHaveText(`$ nix-env -p ${profile} --delete-generations 1 2`)
  await dialog.getByText('Then collect garbage').click()
  await expect(commands).toContainText('then: nix-store --gc')
  await screenshot(page, 'generations-delete-command.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(commands).toBeInViewport()
  await screenshot(page, 'generations-delete-command-1024.png')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

test('a generation built here names its commit, and "run #N" opens that run in Rebuild', async ({
  page,
}) => {
  await page.goto(app.url)
  await nav(page).getByRole('button', { name: 'Rebuild' }).click()
  const rebuild = page.locator('.rebuild-area')
  const outcome = rebuild.getByTestId('run-outcome')
  await rebuild.getByTestId('rebuild-start').click()
  await expect(outcome).toContainText('switch demo: succeeded', { timeout: 120_000 })
  const runs = (await app.call('rebuild.list', { repo: fixture.repo })) as { id: number }[]
  const switchRun = runs[0]!.id
  // Another run afterwards, so the Rebuild area shows something else.
  await rebuild.getByRole('radio', { name: 'Dry build' }).click()
  await rebuild.getByTestId('rebuild-start').click()
  await expect(outcome).toContainText('dry-build demo: succeeded', { timeout: 120_000 })

  await app.call('settings.set', { profilePath: join(work, 'profiles', 'system') })
  try {
    await nav(page).getByRole('button', { name: 'Generations' }).click()
    await page.getByRole('button', { name: '↻ Refresh' }).click()
    // The commit chip names the commit the generation was built from.
    const subject = git(fixture.repo, 'log', '-1', '--format=%s').trim()
    await expect(page.getByTestId('commit-subject-1')).toHaveText(subject)
    const link = page.getByTestId('generation-1').getByRole('button', { name: `run #${switchRun}` })
    await link.click()
    await expect(rebuild).toBeVisible()
    await expect(outcome).toContainText('switch demo: succeeded')
    await expect(rebuild.getByTestId('terminal')).toContainText('assembling the system')
  } finally {
    await app.call('settings.set', { profilePath: profile })
  }
})
