// Git history (commits, files, diff) and discarding one file's changes, by keyboard.
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

serveForFile(
  'history',
  repoSetUp(
    {
      'flake.nix': '{ outputs = { self }: { }; }\n',
      'hosts/alpha.nix': '{ }\n',
    },
    (repo) => {
      writeFileSync(join(repo, 'hosts/alpha.nix'), '{ networking.hostName = "alpha"; }\n')
      git(repo, 'commit', '-q', '-am', 'Name the alpha host\n\nSo the prompt says where I am.')
    },
  ),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

test('the history lists commits; Enter shows one with its files and diff', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.getByRole('button', { name: 'History' }).press('Enter')
  const panel = page.getByRole('region', { name: 'History' })
  await expect(panel).toContainText('2 commits')
  const newest = panel.getByRole('button', { name: /Name the alpha host/ })
  // Author and date: when, in words, and the exact date on hover.
  await expect(newest).toContainText('Flakedeck Test')
  await expect(newest).toContainText(/Flakedeck Test · (just now|yesterday|last \w+|\d+ \w+ ago)$/)
  await expect(newest).toHaveAttribute('title', /\d{4}-\d\d-\d\d/)
  await expect(newest).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(panel.getByRole('button', { name: /initial commit/ })).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Name the alpha host' })
  await expect(dialog).toContainText('So the prompt says where I am.')
  await expect(dialog.getByRole('list', { name: 'Files changed' })).toContainText(
    'M hosts/alpha.nix',
  )
  await expect(dialog.locator('.diff-add')).toContainText('+{ networking.hostName = "alpha"; }')
  await screenshot(page, 'files-history-commit-1280.png')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(newest).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
})

test('discarding one file asks first, then puts it back to the last commit', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  writeFileSync(join(repo, 'hosts/alpha.nix'), '{ broken = ; }\n')
  writeFileSync(join(repo, 'flake.nix'), '{ outputs = { self }: { x = 1; }; }\n')
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.keyboard.press('Control+p')
  await page.keyboard.type('alpha.nix')
  await page.keyboard.press('Enter')
  await expect(page.locator('.editor-path')).toHaveText('hosts/alpha.nix')
  const discard = page.getByRole('button', { name: 'Discard changes' })
  await discard.press('Enter')
  const confirm = page.getByRole('dialog', { name: 'Discard changes to hosts/alpha.nix?' })
  await expect(confirm).toContainText('cannot be undone')
  await screenshot(page, 'files-discard-1024.png')
  // Cancel keeps the change.
  await page.keyboard.press('Escape')
  expect(readFileSync(join(repo, 'hosts/alpha.nix'), 'utf8')).toBe('{ broken = ; }\n')
  await discard.press('Enter')
  await confirm.getByRole('button', { name: 'Discard changes' }).press('Enter')
  await expect(page.locator('.view-lines')).toContainText('networking.hostName')
  expect(readFileSync(join(repo, 'hosts/alpha.nix'), 'utf8')).toBe(
    '{ networking.hostName = "alpha"; }\n',
  )
  // Only that file: flake.nix keeps its change.
  expect(git(repo, 'status', '--porcelain')).toBe('M flake.nix')
  await expect(discard).toHaveCount(0)
})
