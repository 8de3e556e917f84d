// Playwright's `test` for the browser-mode suites: every project runs them under one nix version
// (playwright.config.ts makes a project per version), by putting that nix first on PATH for the
// worker, so `flakedeck serve` and the fixtures it starts use it.
import { test as base, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathWith } from '../helpers/nix-versions'

export { expect } from '@playwright/test'

interface NixWorkerOptions {
  /** The bin folder of the nix this project runs under ('' = whatever is on PATH). */
  nixBinDir: string
  nixOnPath: void
}

export const test = base.extend<object, NixWorkerOptions>({
  nixBinDir: ['', { option: true, scope: 'worker' }],
  nixOnPath: [
    async ({ nixBinDir }, use) => {
      if (nixBinDir) process.env.PATH = pathWith(nixBinDir)
      await use()
    },
    { scope: 'worker', auto: true },
  ],
})

const docs = resolve(import.meta.dirname, '../../docs')

/**
 * A screenshot of the page, to look at: into the test's output folder, or into docs/ for the
 * README when `npm run docs:screenshots` runs the suite (a test run never rewrites tracked files).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const forDocs = process.env.FLAKEDECK_DOCS_SCREENSHOTS === '1'
  const dir = forDocs ? docs : test.info().outputPath()
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name) })
}
