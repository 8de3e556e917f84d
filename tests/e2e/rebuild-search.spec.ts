// Searching the Rebuild terminal's output (xterm's search add-on), driven by the keyboard:
// Ctrl+F in the terminal opens the search, typing finds, Enter and Shift+Enter step through the
// matches (the terminal scrolls to one far above its screen), Alt+C and Alt+R toggle match case
// and regular expression, Escape gives the terminal the focus back; a resize that reflows the lines
// leaves no selection drawn a row off. The run prints its lines and ends; no timing decides.
import { type Locator } from '@playwright/test'
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

/** What `/nix/store/0+-second` finds (once: the command line above has `-sec""ond`). */
const match = '/nix/store/00000000000000000000000000000000-second'

/**
 * What the terminal draws about `text`: the index of the screen row that holds it, and how far
 * (px) from that row's top each box of xterm's selection is (the DOM renderer's `.xterm-selection`
 * boxes, less empty ones) and each search highlight; with the screen's size, in whole pixels.
 */
function drawnAt(terminal: Locator, text: string) {
  return terminal.evaluate((element, text) => {
    const rows = [...element.querySelectorAll('.xterm-rows > div')]
    const row = rows.findIndex((r) => r.textContent?.includes(text))
    const rowTop = rows[row]?.getBoundingClientRect().top ?? NaN
    const boxes = (selector: string) =>
      [...element.querySelectorAll(selector)]
        .map((e) => e.getBoundingClientRect())
        .filter((box) => box.height > 0)
        .map((box) => Math.round(box.top - rowTop))
    const screen = element.querySelector('.xterm-screen')?.getBoundingClientRect()
    return {
      row,
      selection: boxes('.xterm-selection div'),
      highlights: [...new Set(boxes('.xterm-find-result-decoration'))],
      width: Math.round(screen?.width ?? 0),
      height: Math.round(screen?.height ?? 0),
    }
  }, text)
}

/** The middle of `word` in the terminal's row that holds `rowText`, in page pixels. */
function middleOf(terminal: Locator, rowText: string, word: string) {
  return terminal.evaluate(
    (element, { rowText, word }) => {
      const row = [...element.querySelectorAll('.xterm-rows > div')].find((r) =>
        r.textContent?.includes(rowText),
      )
      // The DOM renderer draws a row's text as spans, a span for each run of one style.
      const span = [...(row?.children ?? [])].find((s) => s.textContent?.includes(word))
      const text = span?.firstChild
      if (!text?.textContent) throw new Error(`no row holds ${word} of ${rowText}`)
      const at = text.textContent.indexOf(word)
      const range = element.ownerDocument.createRange()
      range.setStart(text, at)
      range.setEnd(text, at + word.length)
      const box = range.getBoundingClientRect()
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    },
    { rowText, word },
  )
}

test('Ctrl+F searches the terminal: count, next and previous, case and regex, Escape back; a resize leaves no selection a row off', async ({
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
  // The search button sits above the terminal, not over its text (it hid the first line's end).
  const terminalBox = await area.getByTestId('terminal').boundingBox()
  const buttonBox = await area.getByRole('button', { name: 'Search the output' }).boundingBox()
  expect(buttonBox!.y + buttonBox!.height).toBeLessThanOrEqual(terminalBox!.y)
  await page.keyboard.press('Control+f')
  const bar = area.getByRole('search', { name: 'Search the output' })
  const input = bar.getByRole('searchbox', { name: 'Search the output' })
  await expect(input).toBeFocused()
  // The bar takes the tools' place: the terminal neither moves nor shrinks.
  expect(await area.getByTestId('terminal').boundingBox()).toEqual(terminalBox)
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
  // The match is selected and highlighted on its own row, not a row off (xterm keeps a selection
  // in buffer rows, which a reflow moves).
  const terminal = area.getByTestId('terminal')
  await expect
    .poll(() => drawnAt(terminal, match))
    .toMatchObject({ selection: [0], highlights: [0] })

  // A terminal made narrower or wider with as many rows, as a window resized by its side makes
  // it when the pane is at its least height (its width set here, whatever is above it): the
  // lines reflow, the command line above the matches (183 characters) wraps onto a third row or
  // back onto two (about 96 columns at 1280x800, 76 at 600px), and `text` moves down or up a
  // row. xterm kept a selection at its buffer row then (and drew again one it had dropped): a
  // grey box a row off.
  const resize = async (width: string, text: string) => {
    const before = await drawnAt(terminal, text)
    await terminal.evaluate((element, width) => {
      element.style.width = width
    }, width)
    await expect.poll(async () => (await drawnAt(terminal, text)).width).not.toBe(before.width)
    const after = await drawnAt(terminal, text)
    expect(after.height).toBe(before.height)
    expect(after.row).toBe(before.row + (after.width < before.width ? 1 : -1))
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect
    .poll(() => drawnAt(terminal, match))
    .toMatchObject({ selection: [0], highlights: [0] })
  // The bar closes and the terminal grows: xterm drops the match's selection (and drew it again
  // at the next resize, over the line above the match).
  await page.keyboard.press('Escape')
  await expect(terminalInput).toBeFocused()
  await resize('600px', match)
  await expect.poll(async () => (await drawnAt(terminal, match)).selection).toEqual([])
  // A word selected with the mouse.
  const word = await middleOf(terminal, 'Needle-1 first', 'first')
  await page.mouse.dblclick(word.x, word.y)
  await expect.poll(async () => (await drawnAt(terminal, 'Needle-1 first')).selection).toEqual([0])
  await resize('', 'Needle-1 first')
  await expect.poll(async () => (await drawnAt(terminal, 'Needle-1 first')).selection).toEqual([])
  // With the bar open, the search selects its match again in the reflowed lines, on its row.
  await page.keyboard.press('Control+f')
  await expect(input).toHaveValue('/nix/store/0+-second')
  await page.keyboard.press('Alt+r')
  await expect(count).toHaveText('1 of 1')
  await expect
    .poll(() => drawnAt(terminal, match))
    .toMatchObject({ selection: [0], highlights: [0] })
  await resize('600px', match)
  await expect
    .poll(() => drawnAt(terminal, match))
    .toMatchObject({ selection: [0], highlights: [0] })
  await expect(count).toHaveText('1 of 1')
  await resize('', match)

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
