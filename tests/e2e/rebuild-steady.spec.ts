// A run's start does not resize its terminal: the step before building and the progress take
// turns in one place at one height, and the terminal's tools are there before the first run. A
// resize cost xterm a redraw and the page a request (and nix's pty a SIGWINCH) while a small
// switch was under way; the run starts at the terminal's size (rebuild.start carries it).
import { expect, test } from './nix-test'
import { type RebuildFixture } from '../fixtures/rebuild-fixture'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'

let fixture: RebuildFixture
let app: ServedApp

serveForFile('rebuild-steady', rebuildSetUp('ok', { lookBeforeSwitch: false }), (served) => {
  ;({ fixture, app } = served)
})

test('the terminal keeps its size from the click until the run is over', async ({ page }) => {
  const area = await openRebuild(page, app.url)
  await expect(area.getByLabel('Host')).toHaveValue(fixture.host)
  await expect(area.getByRole('button', { name: 'Full log…' })).toBeDisabled()
  const resizes: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/api/rebuild.resize')) resizes.push(request.postData() ?? '')
  })
  // The terminal's pane, watched from the click: each size it takes, and when the run's outcome
  // shows (the panels that come with the end may resize it after that).
  // (Scripts as text: this project's types have no DOM.)
  await page.evaluate(`(() => {
    const pane = document.querySelector('.rebuild-area .terminal-pane')
    const seen = { sizes: [], outcomeAt: null, first: true }
    window.__steady = seen
    new ResizeObserver((entries) => {
      if (seen.first) return void (seen.first = false) // the observation's own first report
      if (seen.outcomeAt === null)
        seen.sizes.push(entries.map((e) => e.contentRect.width + 'x' + e.contentRect.height).join())
    }).observe(pane)
    new MutationObserver(() => {
      if (seen.outcomeAt === null && document.querySelector('[data-testid="run-outcome"]'))
        seen.outcomeAt = performance.now()
    }).observe(document.querySelector('.rebuild-area'), { childList: true, subtree: true })
  })()`)
  const start = await page.evaluate<number>(
    `document.querySelector('.rebuild-area .terminal-pane').getBoundingClientRect().height`,
  )
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })
  await expect(area.getByTestId('builds-count')).toHaveText(/^\d+ \/ \d+ built$/)

  const steady = await page.evaluate<string[]>('window.__steady.sizes')
  expect(steady).toEqual([])
  expect(start).toBeGreaterThan(200)
  expect(resizes).toEqual([])
  await expect(area.getByRole('button', { name: 'Full log…' })).toBeEnabled()
})
