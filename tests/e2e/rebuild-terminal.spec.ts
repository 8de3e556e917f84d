// The terminal measures the widths of the characters a run prints when it is made (it draws them
// once in its background's colour), so a run's first lines force no layout of the page; those
// characters never show: the screen is clear before a run, and a run's output starts on it.
import { expect, test } from './nix-test'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'

let app: ServedApp

serveForFile('rebuild-terminal', rebuildSetUp('chain', { lookBeforeSwitch: false }), (served) => {
  ;({ app } = served)
})

/** The characters the terminal draws to measure them, as they would read on its screen. */
const measured = '!"#$%&\'()*+,-./0123456789'

test('the terminal shows none of the characters it measured, before or during a run', async ({
  page,
}) => {
  const area = await openRebuild(page, app.url)
  const terminal = area.getByTestId('terminal')
  await expect(terminal.locator('.xterm-rows')).toBeAttached()
  await expect(terminal.locator('.xterm-rows')).toHaveText('')
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })
  await expect(terminal).toContainText('building')
  await expect(terminal).not.toContainText(measured)
  // Output starts on the top line, not after two lines of measured characters.
  await expect(terminal.locator('.xterm-rows > div').first()).not.toHaveText('')
})
