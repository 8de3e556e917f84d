// Hot exit: unsaved edits survive the server going away. They are kept as drafts while the user
// types, and a new server on the same data folder offers them back in a new page.
import { type Browser, type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../helpers/git-repo'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

let work: string
let repo: string
let app: ServedApp | null = null

test.beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-drafts-'))
  repo = makeRepo(join(work, 'nixos-config'), {
    'flake.nix': '{\n  outputs = { self }: { };\n}\n',
    'README.md': '# config\n',
    'notes.md': 'notes\n',
  })
})

/**
 * The pages a test opened itself (one before a server goes, one after): closed after it, or they
 * stay in the worker's browser for every later spec, retrying a server that is gone (and taking
 * the place of the failing test's page in its error report).
 */
const opened: Page[] = []
async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage()
  opened.push(page)
  return page
}

test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.close()))
  await app?.stop()
  app = null
  rmSync(work, { recursive: true, force: true })
})

async function typeAtEndOfFirstLine(page: Page, text: string) {
  await page.getByTestId('code-editor').click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}

async function openFile(page: Page, name: string) {
  await page.getByRole('treeitem', { name }).getByRole('button', { name }).click()
  await expect(page.getByRole('tab', { name: new RegExp(name.replace('.', '\\.')) })).toBeVisible()
}

/** The drafts the core holds for the repo, as `path: content`. */
async function draftsOf(served: ServedApp): Promise<string[]> {
  const drafts = (await served.call('drafts.list', { repo })) as {
    path: string
    content: string
  }[]
  return drafts.map((d) => `${d.path}: ${d.content}`)
}

/** Types in a tab of a page of `served` and waits until the core holds the draft. */
async function editWithoutSaving(served: ServedApp, page: Page, file: string, text: string) {
  await openFile(page, file)
  await typeAtEndOfFirstLine(page, text)
  await expect(page.getByRole('tab', { name: new RegExp(`${file}.*unsaved`) })).toBeVisible()
  await expect
    .poll(() => draftsOf(served), { timeout: 15_000 })
    .toContainEqual(expect.stringContaining(text))
}

test('unsaved edits outlive a crashed server and are offered back by the next one', async ({
  browser,
}) => {
  app = await serveFlakedeck(['--flake', repo])
  const before = await openPage(browser)
  await before.goto(app.url)
  await editWithoutSaving(app, before, 'README.md', ' (kept)')
  await editWithoutSaving(app, before, 'notes.md', ' (thrown away)')
  const dataDir = app.dataDir
  await app.stop({ keepDataDir: true, crash: true })
  await before.close()

  // A new server (new port, new token) on the same data folder, opened in a fresh page.
  app = await serveFlakedeck(['--flake', repo], {}, dataDir)
  const page = await openPage(browser)
  await page.goto(app.url)
  const offer = page.getByRole('region', { name: 'Unsaved edits from before' })
  await expect(offer).toContainText('2 files')
  await screenshot(page, 'files-drafts-offer.png')
  await offer
    .getByRole('listitem', { name: 'notes.md' })
    .getByRole('button', { name: 'Discard' })
    .click()
  await offer
    .getByRole('listitem', { name: 'README.md' })
    .getByRole('button', { name: 'Restore' })
    .click()
  await expect(offer).toHaveCount(0)
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toBeVisible()
  await expect(page.locator('.view-lines')).toContainText('# config (kept)')
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config\n')
  await expect.poll(() => draftsOf(app!)).toEqual(['README.md: # config (kept)\n'])

  // Saved, it is on disk and its draft is gone: nothing is offered after the next start.
  await page.keyboard.press('Control+s')
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toHaveCount(0)
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config (kept)\n')
  expect(readFileSync(join(repo, 'notes.md'), 'utf8')).toBe('notes\n')
  await expect.poll(() => draftsOf(app!)).toEqual([])
  await page.reload()
  await expect(page.getByRole('tab', { name: /README\.md/ })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Unsaved edits from before' })).toHaveCount(0)
})

test('a draft whose file changed on disk meanwhile comes back as a conflict, compared with the disk', async ({
  browser,
}) => {
  app = await serveFlakedeck(['--flake', repo])
  const before = await openPage(browser)
  await before.goto(app.url)
  await editWithoutSaving(app, before, 'README.md', ' (mine)')
  const dataDir = app.dataDir
  await app.stop({ keepDataDir: true })
  await before.close()
  writeFileSync(join(repo, 'README.md'), '# theirs\n')

  app = await serveFlakedeck(['--flake', repo], {}, dataDir)
  const page = await openPage(browser)
  await page.goto(app.url)
  const offer = page.getByRole('region', { name: 'Unsaved edits from before' })
  await expect(offer).toContainText('changed on disk since')
  await offer.getByRole('button', { name: 'Restore and compare' }).click()
  await expect(page.getByText('Left: on disk')).toBeVisible()
  const bar = page.getByTestId('conflict-bar')
  await expect(bar).toBeVisible()
  // A plain save does not overwrite the other change.
  await page.keyboard.press('Control+s')
  await expect(bar).toBeVisible()
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# theirs\n')
  await bar.getByRole('button', { name: 'Keep mine' }).click()
  await expect(bar).toHaveCount(0)
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config (mine)\n')
  await expect.poll(() => draftsOf(app!)).toEqual([])
})

test('closing a tab without saving removes its draft', async ({ page }) => {
  app = await serveFlakedeck(['--flake', repo])
  await page.goto(app.url)
  await editWithoutSaving(app, page, 'README.md', ' (gone)')
  await page.getByRole('button', { name: 'Close README.md' }).click()
  await page.getByRole('dialog').getByRole('button', { name: "Don't save" }).click()
  await expect.poll(() => draftsOf(app!)).toEqual([])
})

test('edits typed just before the page goes away are kept at once, and offered back on return', async ({
  page,
}) => {
  app = await serveFlakedeck(['--flake', repo])
  await page.goto(app.url)
  await openFile(page, 'README.md')
  await typeAtEndOfFirstLine(page, ' (last words)')
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toBeVisible()
  // Leaving at once, well within the second a draft waits for: the page asks first (unsaved
  // work), the user leaves anyway, and the edit must not be lost.
  page.on('dialog', (dialog) => void dialog.accept())
  await page.goto('about:blank')
  await expect
    .poll(() => draftsOf(app!), { timeout: 15_000 })
    .toEqual(['README.md: # config (last words)\n'])

  await page.goto(app!.url)
  const offer = page.getByRole('region', { name: 'Unsaved edits from before' })
  await offer.getByRole('button', { name: 'Restore' }).click()
  await expect(page.locator('.view-lines')).toContainText('# config (last words)')
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toBeVisible()
})

test('leaving the repo without saving removes its drafts', async ({ page }) => {
  app = await serveFlakedeck(['--flake', repo])
  await page.goto(app.url)
  await editWithoutSaving(app, page, 'README.md', ' (left behind)')
  await page.getByRole('button', { name: 'Open another…' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Leave without saving' }).click()
  await expect.poll(() => draftsOf(app!)).toEqual([])
})
