// The Files area never reports work as done that was not: a commit stops when a tab it needs
// cannot be saved, and the Problems list shows only the files that are open.
import { type Page } from '@playwright/test'
import { expect, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { typeAtLineEnd } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

const flake = `{
  description = "e2e";
  outputs = { self }: { };
}
`

serveForFile(
  'files-safety',
  repoSetUp({ 'flake.nix': flake, 'README.md': '# config\n' }),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

async function openFile(page: Page, name: string) {
  await page.getByRole('treeitem', { name }).getByRole('button', { name }).click()
  await expect(page.getByRole('tab', { name: new RegExp(name.replace('.', '\\.')) })).toBeVisible()
}

test('a commit whose tab cannot be saved (changed on disk) commits nothing and says why', async ({
  page,
}) => {
  const head = git(repo, 'rev-parse', 'HEAD')
  await page.goto(app.url)
  await openFile(page, 'README.md')
  await expect(page.locator('.view-lines')).toContainText('# config')
  await typeAtLineEnd(page, 1, ' (mine)')
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toBeVisible()
  writeFileSync(join(repo, 'README.md'), '# theirs\n')

  await page.getByRole('button', { name: 'Commit (1)' }).click()
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  await dialog.getByLabel('Message').fill('Commit my edit')
  await dialog.getByRole('button', { name: 'Commit 1 file' }).click()
  const alert = dialog.getByRole('alert')
  await expect(alert).toContainText('Nothing was committed: README.md could not be saved.')
  await expect(alert).toContainText('changed on disk')
  await expect(alert).toContainText('Keep mine')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Commit 1 file' })).toBeEnabled()
  expect(git(repo, 'rev-parse', 'HEAD')).toBe(head)
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# theirs\n')
  expect(git(repo, 'status', '--porcelain')).toBe('M README.md')

  // Settled in the editor, the same commit goes through with the user's text.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await page.getByTestId('conflict-bar').getByRole('button', { name: 'Keep mine' }).click()
  await expect(page.getByTestId('conflict-bar')).toHaveCount(0)
  await page.getByRole('button', { name: 'Commit (1)' }).click()
  await dialog.getByLabel('Message').fill('Commit my edit')
  await dialog.getByRole('button', { name: 'Commit 1 file' }).click()
  await expect(dialog).toHaveCount(0)
  expect(git(repo, 'log', '-1', '--format=%s')).toBe('Commit my edit')
  expect(git(repo, 'show', 'HEAD:README.md')).toBe('# config (mine)')
})

test('unsaved edits of a file unchanged on disk are offered for the commit, and saved first', async ({
  page,
}) => {
  expect(git(repo, 'status', '--porcelain')).toBe('')
  await page.goto(app.url)
  await openFile(page, 'README.md')
  await typeAtLineEnd(page, 1, ' via commit')
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toBeVisible()
  await page.getByRole('button', { name: 'Commit', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  await expect(dialog.getByRole('checkbox', { name: /README\.md.*unsaved/ })).toBeChecked()
  await dialog.getByLabel('Message').fill('Commit an unsaved tab')
  await dialog.getByRole('button', { name: 'Commit 1 file' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('tab', { name: /README\.md.*unsaved/ })).toHaveCount(0)
  expect(git(repo, 'show', 'HEAD:README.md')).toBe('# config (mine) via commit')
  expect(git(repo, 'status', '--porcelain')).toBe('')
  await page.getByRole('button', { name: 'Close README.md' }).click()
})

test('the Problems list drops the errors of a file that is closed or renamed', async ({ page }) => {
  const problems = page.getByRole('region', { name: 'Problems' }).getByRole('button')
  await page.goto(app.url)
  await openFile(page, 'flake.nix')
  await typeAtLineEnd(page, 2, ' = ;')
  await expect(problems.filter({ hasText: 'flake.nix:2:' })).toHaveCount(1, { timeout: 15_000 })

  // Closed without saving: its unsaved syntax error is gone with it.
  await page.getByRole('button', { name: 'Close flake.nix' }).click()
  await page.getByRole('dialog').getByRole('button', { name: "Don't save" }).click()
  await expect(page.getByRole('tab', { name: /flake\.nix/ })).toHaveCount(0)
  await expect(problems).toHaveCount(0)
  // Reopened, it is parsed afresh: the file on disk has no error.
  await openFile(page, 'flake.nix')
  await expect(page.locator('.view-lines')).toContainText('description')
  await expect(problems).toHaveCount(0)
  await page.getByRole('button', { name: 'Close flake.nix' }).click()

  // A broken file renamed: its problem follows the new name, none stays under the old one.
  writeFileSync(join(repo, 'broken.nix'), '{ a = ; }\n')
  await expect(page.getByRole('treeitem', { name: 'broken.nix' })).toBeVisible({ timeout: 10_000 })
  await openFile(page, 'broken.nix')
  await expect(problems.filter({ hasText: 'broken.nix:1:' })).toHaveCount(1, { timeout: 15_000 })
  await page.getByRole('button', { name: 'Rename broken.nix' }).click()
  await page.getByLabel('New path').fill('renamed.nix')
  await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click()
  await expect(page.getByRole('tab', { name: /renamed\.nix/ })).toBeVisible()
  await expect(problems.filter({ hasText: 'renamed.nix:1:' })).toHaveCount(1, { timeout: 15_000 })
  await expect(problems.filter({ hasText: 'broken.nix' })).toHaveCount(0)
  await expect(problems).toHaveCount(1)
})
