// A rebuild that prints far more than a terminal shows: a window that opens mid-run gets the
// newest lines after a "… N lines skipped — open the full log" marker, not megabytes to draw,
// and the full log view finds any line of it by search. The command prints everything, then
// waits for the test, so no timing decides.
import { expect, test } from './nix-test'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AttachedRun } from '../../src/shared/rebuild/types'
import { makeRebuildFixture, type RebuildFixture } from '../fixtures/rebuild-fixture'
import { serveFlakedeck, type ServedApp } from './serve-fixture'
import { openRebuild } from './page-helpers'

let work: string
let fixture: RebuildFixture
let app: ServedApp
let release: string

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-rebuild-log-'))
  chmodSync(work, 0o755)
  fixture = makeRebuildFixture(join(work, 'fixture'), 'ok')
  release = join(work, 'release')
  app = await serveFlakedeck(['--flake', fixture.repo])
  // 40,000 lines of 122 characters (4.9 MB, over the 4 MiB a window is given at once), then a
  // wait.
  await app.call('settings.set', {
    rebuildMode: 'nixos-rebuild',
    rebuildCustomCommand: `/bin/sh -c 'seq -f line-%06.0f-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 1 40000; echo all-printed; while [ ! -e ${release} ]; do sleep 0.05; done'`,
    rebuildSudo: false,
    lookBeforeSwitch: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('a window behind a chatty run skips to its newest lines; the full log finds any line', async ({
  page,
}) => {
  const { runId } = (await app.call('rebuild.start', {
    repo: fixture.repo,
    host: fixture.host,
    action: 'build',
  })) as { runId: number }
  // Everything is printed before the window opens.
  await expect
    .poll(
      async () =>
        ((await app.call('rebuild.active', { repo: fixture.repo })) as AttachedRun[])[0]?.output ??
        '',
      { timeout: 60_000 },
    )
    .toContain('all-printed')

  const area = await openRebuild(page, app.url)
  const screen = area.locator('.xterm-rows')
  await expect(screen).toContainText('all-printed', { timeout: 30_000 })
  await expect(screen).toContainText('line-040000-')
  // The terminal got the newest lines after a skip marker; the area says how many it left out.
  await expect(area.getByTestId('skipped-note')).toContainText(/^[\d,]+ lines not drawn here/)
  const note = await area.getByTestId('skipped-note').innerText()
  expect(Number(note.split(' ')[0]!.replace(/,/g, ''))).toBeGreaterThan(30_000)
  await expect(screen).not.toContainText('line-000001-')
  // On one line, cut, with all of it in its title, at 1280x800 and 1024x640: wrapped, the note
  // resized the terminal below mid-build (when the window first fell behind).
  expect(await area.getByTestId('skipped-note').getAttribute('title')).toBe(note)
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    await page.setViewportSize(size)
    // Its height in font sizes: one line is about 1.2, two about 2.3.
    const height = await area
      .getByTestId('skipped-note')
      .evaluate(
        (element) =>
          element.getBoundingClientRect().height /
          parseFloat(element.ownerDocument.defaultView!.getComputedStyle(element).fontSize),
      )
    expect(height).toBeLessThan(2)
  }
  await page.setViewportSize({ width: 1280, height: 800 })

  await area.getByRole('button', { name: 'Full log…' }).click()
  const log = page.getByRole('dialog', { name: `Full log of rebuild ${runId}` })
  await expect(log.getByTestId('log-view-note')).toContainText('(still running)')
  await log.getByRole('searchbox', { name: 'Search the log' }).fill('line-012345-')
  await log.getByRole('button', { name: 'Search' }).click()
  const results = log.getByRole('region', { name: 'Search results' })
  await expect(results).toContainText('1 matching line')
  await results.getByRole('button', { name: /line-012345-/ }).click()
  const found = log.locator('.log-line.highlight')
  await expect(found).toHaveText(/line-012345-x+$/)
  await expect(found).toBeInViewport()
  await log.getByRole('button', { name: 'Close' }).click()

  writeFileSync(release, '')
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 60_000 })
})
