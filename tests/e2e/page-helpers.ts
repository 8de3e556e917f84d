// Steps the browser-mode specs take the same way on the page.
import { expect, type Locator, type Page } from '@playwright/test'

/** Opens an area from the navigation bar (Files, Generations, Inputs, Rebuild). */
export async function openArea(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name }).click()
}

/** Opens the app at `url` in the Rebuild area; the area, to look into. */
export async function openRebuild(page: Page, url: string): Promise<Locator> {
  await page.goto(url)
  await openArea(page, 'Rebuild')
  return page.locator('.rebuild-area')
}

/** Opens the app at `url` in the Inputs area and waits for its tree (nix reads the lock first). */
export async function openInputs(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await openArea(page, 'Inputs')
  await expect(page.getByRole('treegrid', { name: 'Inputs' })).toBeVisible({ timeout: 30_000 })
}

/**
 * Opens the app at `url` in the Inputs area, ticks `input` and opens the preview of its update;
 * the preview's prediction ("What this changes"), to look into.
 */
export async function previewUpdateOf(page: Page, url: string, input: string): Promise<Locator> {
  await page.goto(url)
  await openArea(page, 'Inputs')
  await page.locator(`tr[data-input="${input}"]`).getByRole('checkbox').check({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Update selected (1)…' }).click()
  return page.getByRole('region', { name: 'What this changes' })
}

/** Types at the end of the given line of the open Monaco editor. */
export async function typeAtLineEnd(page: Page, line: number, text: string): Promise<void> {
  const editor = page.getByTestId('code-editor')
  await editor.click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}
