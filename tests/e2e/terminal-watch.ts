// Watching the Rebuild terminal's size through a run, for the specs that check it keeps it.
import type { Page } from '@playwright/test'

/**
 * Watches the terminal's pane from now on: each size it takes (the outcome comes in the
 * progress's place, so the end of a run resizes it no more than its start), and what "Building
 * now" said. (Scripts as text: this project's types have no DOM.)
 */
export async function watchTerminal(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const pane = document.querySelector('.rebuild-area .terminal-pane')
    const seen = { sizes: [], first: true, building: [] }
    window.__steady = seen
    new ResizeObserver((entries) => {
      if (seen.first) return void (seen.first = false) // the observation's own first report
      seen.sizes.push(entries.map((e) => e.contentRect.width + 'x' + e.contentRect.height).join())
    }).observe(pane)
    new MutationObserver(() => {
      const now = document.querySelector('[aria-label="Building now"]')
      if (now && seen.building.at(-1) !== now.textContent) seen.building.push(now.textContent)
    }).observe(document.querySelector('.rebuild-area'), {
      childList: true,
      subtree: true,
      characterData: true,
    })
  })()`)
}

/** The `rebuild.resize` calls the page makes from now on (their bodies), as they come. */
export function resizeRequests(page: Page): string[] {
  const resizes: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/api/rebuild.resize')) resizes.push(request.postData() ?? '')
  })
  return resizes
}
