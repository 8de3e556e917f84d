// Searching the Rebuild terminal's output (xterm's search add-on), driven by the keyboard:
// Ctrl+F in the terminal opens the search, typing finds, Enter and Shift+Enter step through the
// matches (the terminal scrolls to one far above its screen), Alt+C and Alt+R toggle match case
// and regular expression, Escape gives the terminal the focus back. The run prints its lines and
// ends; no timing decides.
import { expect, screenshot, test } from './nix-test'
import { type ServedApp } from './serve-fixture'
import { rebuildSetUp, serveForFile } from './serve-for-file'
import { openRebuild } from './page-helpers'

let app: ServedApp

serveForFile(
  'rebuild-search',
  rebuildSetUp('ok', {
    rebuildMode: 'nixos-rebuild',
    // Two needles at the top, 300 rows, the third at the end: the first two scroll off screen.
    // The "" keep the words out of the command line the terminal shows first.
    rebuildCustomCommand: `/bin/sh -c 'echo Nee""dle-1 first; echo nee""dle-2 /nix/store/00000000000000000000000000000000-sec""ond; seq -f row-%03.0f 1 300; echo nee""dle-3 last'`,
    lookBeforeSwitch: false,
  }),
  (served) => {
    ;({ app } = served)
  },
)

test('Ctrl+F searches the terminal: count, next and previous, case and regex, Escape back', async ({
  page,
}) => {
  const area = await openRebuild(page, app.url)
  await area.getByRole('radio', { name: 'Build', exact: true }).click()
  await area.getByTestId('rebuild-start').click()
  await expect(area.getByTestId('run-outcome')).toContainText('succeeded', { timeout: 120_000 })
  const rows = area.getByTestId('terminal').locator('.xterm-rows')
  await expect(rows).toContainText('needle-3 last')
  await expect(rows).not.toContainText('Needle-1 first')

  // The keyboard path starts in the terminal, where a run puts the focus (a moment after the
  // click on Start, which had it).
  const terminalInput = area.getByTestId('terminal').locator('textarea')
  await expect(terminalInput).toBeFocused()
  await page.keyboard.press('Control+f')
  const bar = area.getByRole('search', { name: 'Search the output' })
  const input = bar.getByRole('searchbox', { name: 'Search the output' })
  await expect(input).toBeFocused()
  const count = bar.getByRole('status')

  await page.keyboard.type('needle')
  await expect(count).toHaveText(/^[123] of 3$/)
  const first = await count.innerText()
  await page.keyboard.press('Enter')
  await expect(count).toHaveText(/^[123] of 3$/)
  await expect(count).not.toHaveText(first)
  await page.keyboard.press('Shift+Enter')
  await expect(count).toHaveText(first)

  // Match case: Needle-1 drops out.
  await page.keyboard.press('Alt+c')
  await expect(bar.getByRole('button', { name: 'Match case' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(count).toHaveText(/^[12] of 2$/)
  // A match far above the screen: the terminal scrolls to it.
  await input.fill('Needle-1')
  await expect(count).toHaveText('1 of 1')
  await expect(rows).toContainText('Needle-1 first')
  await page.keyboard.press('Alt+c')
  await expect(bar.getByRole('button', { name: 'Match case' })).toHaveAttribute(
    'aria-pressed',
    'false',
  )

  // A regular expression, and one that is not.
  await page.keyboard.press('Alt+r')
  await input.fill('needle-[13]')
  await expect(count).toHaveText(/^[12] of 2$/)
  await input.fill('needle(')
  await expect(bar.getByRole('alert')).toContainText('Not a valid regular expression')
  await expect(count).toHaveText('')
  await input.fill('/nix/store/0+-second')
  await expect(count).toHaveText('1 of 1')
  await screenshot(page, 'rebuild-terminal-search-1280.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(bar).toBeInViewport()
  // The smaller terminal reflowed and scrolled; Enter goes to the match again.
  await page.keyboard.press('Enter')
  await expect(rows).toContainText('needle-2 /nix/store/')
  await expect(count).toHaveText('1 of 1')
  await screenshot(page, 'rebuild-terminal-search-1024.png')
  await input.fill('not printed')
  await expect(count).toHaveText('No results')

  // Escape closes the bar and the focus is back in the terminal; Ctrl+F opens it with the last
  // query.
  await page.keyboard.press('Escape')
  await expect(bar).toHaveCount(0)
  await expect(terminalInput).toBeFocused()
  await page.keyboard.press('Control+f')
  await expect(input).toBeFocused()
  await expect(input).toHaveValue('not printed')
  await page.keyboard.press('Escape')

  // By mouse: the search button over the terminal opens the same bar.
  await area.getByRole('button', { name: 'Search the output' }).click()
  await expect(input).toBeFocused()
  await bar.getByRole('button', { name: 'Close the search' }).click()
  await expect(bar).toHaveCount(0)
})
