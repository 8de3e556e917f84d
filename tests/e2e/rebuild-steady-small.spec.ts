// On a small window the step before building wraps to more lines than on a large one; closed, it
// still takes the height the progress takes, so a run's start does not resize the terminal there
// either (it did at 1024x640: the step was taller than the progress that took its place).
import { expect, screenshot, test } from './nix-test'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'
import { resizeRequests, watchTerminal } from './terminal-watch'

let app: ServedApp

serveForFile('rebuild-steady-small', rebuildSetUp('ok', { lookBeforeSwitch: false }), (served) => {
  ;({ app } = served)
})

test('at 1024x640 the terminal keeps its size as the run starts and ends', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  const area = await openRebuild(page, app.url)
  await expect(area.getByRole('button', { name: 'What will this change?' })).toBeVisible()
  await screenshot(page, 'rebuild-before-building-1024.png')
  const resizes = resizeRequests(page)
  await watchTerminal(page)
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })
  await expect(area.getByRole('region', { name: 'Past runs' })).toContainText('succeeded')
  await screenshot(page, 'rebuild-finished-1024.png')
  expect(await page.evaluate<string[]>('window.__steady.sizes')).toEqual([])
  expect(resizes).toEqual([])
})
