// Watching the Rebuild terminal's size through a run, for the specs that check it keeps it.
import type { Page } from '@playwright/test'

/**
 * Watches the terminal's pane from now on: each size it takes until the next run's outcome shows
 * (the panels that come with the end may resize it after that), and what "Building now" said.
 * (Scripts as text: this project's types have no DOM.)
 */
export async function watchTerminal(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const pane = document.querySelector('.rebuild-area .terminal-pane')
    const seen = { sizes: [], outcomeAt: null, first: true, building: [],
      gone: !document.querySelector('[data-testid="run-outcome"]') }
    window.__steady = seen
    new ResizeObserver((entries) => {
      if (seen.first) return void (seen.first = false) // the observation's own first report
      if (seen.outcomeAt === null)
        seen.sizes.push(entries.map((e) => e.contentRect.width + 'x' + e.contentRect.height).join())
    }).observe(pane)
    new MutationObserver(() => {
      // The outcome of the run before goes when this one starts; this one's comes at its end.
      const outcome = document.querySelector('[data-testid="run-outcome"]')
      if (!outcome) seen.gone = true
      else if (seen.gone && seen.outcomeAt === null) seen.outcomeAt = performance.now()
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
