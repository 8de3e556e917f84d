// A run's start and end do not resize its terminal: the step before building and the progress
// (then the outcome) take turns in one place at one height, and the terminal's tools are there
// before the first run. A
// resize cost xterm a redraw and the page a request (and nix's pty a SIGWINCH) while a small
// switch was under way; the run starts at the terminal's size (rebuild.start carries it). The
// builds running now show beside the progress's headline, on its one line: listed under it, each
// build that started or ended resized the terminal (twice in a chatty build, mid-build).
import { expect, screenshot, test } from './nix-test'
import { type RebuildFixture } from '../fixtures/rebuild-fixture'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'
import { resizeRequests, watchTerminal } from './terminal-watch'

let fixture: RebuildFixture
let app: ServedApp

serveForFile('rebuild-steady', rebuildSetUp('paced', { lookBeforeSwitch: false }), (served) => {
  ;({ fixture, app } = served)
})

test('the terminal keeps its size from the click until after the run is over', async ({ page }) => {
  const area = await openRebuild(page, app.url)
  await expect(area.getByLabel('Host')).toHaveValue(fixture.host)
  await expect(area.getByRole('button', { name: 'Full log…' })).toBeDisabled()
  const resizes = resizeRequests(page)
  await watchTerminal(page)
  const start = await page.evaluate<number>(
    `document.querySelector('.rebuild-area .terminal-pane').getBoundingClientRect().height`,
  )
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByLabel('Building now')).toContainText('compiling part', { timeout: 60_000 })
  await screenshot(page, 'rebuild-running-1280.png')
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })
  await expect(area.getByTestId('builds-count')).toHaveText(/^\d+ \/ \d+ built$/)
  // After the end too (the outcome takes the progress's place): the run listed as past is later.
  await expect(area.getByRole('region', { name: 'Past runs' })).toContainText('succeeded')

  expect(await page.evaluate<string[]>('window.__steady.sizes')).toEqual([])
  // The run showed its builds running, one and then the other, with their output.
  const building = await page.evaluate<string[]>('window.__steady.building')
  expect(building.some((b) => /paced-a-1\.0.*compiling part/.test(b))).toBe(true)
  expect(building.some((b) => /paced-b-1\.0/.test(b))).toBe(true)
  expect(start).toBeGreaterThan(200)
  expect(resizes).toEqual([])
  await expect(area.getByRole('button', { name: 'Full log…' })).toBeEnabled()
})
