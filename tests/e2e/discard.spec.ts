// Discarding one file's changes from the file tree's context menu (keyboard and mouse) and from
// the commit dialog's list: always after a question, only that file, the rest of the work kept.
import { expect, screenshot, test } from './nix-test'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

const committed = {
  'flake.nix': '{ outputs = { self }: { }; }\n',
  'hosts/alpha.nix': '{ networking.hostName = "alpha"; }\n',
  'modules/x.nix': '{ }\n',
}

serveForFile('discard', repoSetUp(committed), (served) => {
  ;({ fixture: repo, app } = served)
})

const read = (path: string) => readFileSync(join(repo, path), 'utf8')

test('a changed file in the tree: Shift+F10 or a right click offers Discard changes, which asks first', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  writeFileSync(join(repo, 'hosts/alpha.nix'), '{ broken = ; }\n')
  writeFileSync(join(repo, 'flake.nix'), '{ outputs = { self }: { x = 1; }; }\n')
  await page.goto(app.url)
  const tree = page.getByRole('tree', { name: 'Files' })
  const row = (path: string) => tree.locator(`[data-path="${path}"]`)
  await expect(row('hosts/alpha.nix').locator('.tree-status')).toHaveText('M')

  // An unchanged file's menu has nothing to discard.
  await tree.locator('[tabindex="0"]').focus()
  await page.keyboard.press('End')
  await page.keyboard.press('ArrowUp')
  await expect(row('modules/x.nix')).toBeFocused()
  await page.keyboard.press('Shift+F10')
  const cleanMenu = page.getByRole('menu', { name: 'Actions for modules/x.nix' })
  await expect(cleanMenu.getByRole('menuitem')).toHaveText([/Open/, /Rename…/, /Delete…/])
  await expect(cleanMenu.getByRole('menuitem', { name: 'Open' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(cleanMenu).toHaveCount(0)
  await expect(row('modules/x.nix')).toBeFocused()

  // By keyboard: the menu of a changed file, its last item, a question; Escape keeps the change
  // and gives the focus back to the row.
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowDown')
  await expect(row('hosts/alpha.nix')).toBeFocused()
  await page.keyboard.press('Shift+F10')
  const menu = page.getByRole('menu', { name: 'Actions for hosts/alpha.nix' })
  await expect(menu.getByRole('menuitem', { name: 'Discard changes…' })).toBeVisible()
  await screenshot(page, 'files-tree-menu-1280.png')
  await page.keyboard.press('End')
  await expect(menu.getByRole('menuitem', { name: 'Discard changes…' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveCount(0)
  const confirm = page.getByRole('dialog', { name: 'Discard changes to hosts/alpha.nix?' })
  await expect(confirm).toContainText('cannot be undone')
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(row('hosts/alpha.nix')).toBeFocused()
  expect(read('hosts/alpha.nix')).toBe('{ broken = ; }\n')

  // By mouse: a right click on the row, then the answer.
  await page.setViewportSize({ width: 1024, height: 640 })
  await row('hosts/alpha.nix').locator('.tree-name').click({ button: 'right' })
  await menu.getByRole('menuitem', { name: 'Discard changes…' }).click()
  await screenshot(page, 'files-tree-discard-1024.png')
  await confirm.getByRole('button', { name: 'Discard changes' }).click()
  await expect(row('hosts/alpha.nix').locator('.tree-status')).toHaveCount(0)
  expect(read('hosts/alpha.nix')).toBe(committed['hosts/alpha.nix'])
  // Only that file: flake.nix keeps its change.
  expect(git(repo, 'status', '--porcelain')).toBe('M flake.nix')
  git(repo, 'checkout', '--', 'flake.nix')
})

test('the commit dialog discards one listed file after asking, and keeps the message and the rest', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  writeFileSync(join(repo, 'flake.nix'), '{ outputs = { self }: { y = 2; }; }\n')
  writeFileSync(join(repo, 'modules/x.nix'), '{ imports = [ ]; }\n')
  writeFileSync(join(repo, 'modules/new.nix'), '{ }\n')
  await page.goto(app.url)
  const tree = page.getByRole('tree', { name: 'Files' })
  await expect(tree.locator('[data-path="modules/new.nix"]')).toBeVisible()
  await page.getByRole('button', { name: 'Commit (3)' }).click()
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  await expect(dialog.getByRole('checkbox')).toHaveCount(3)
  await page.keyboard.type('Only the module')

  // Escape in the question closes the question, not the commit dialog.
  await dialog.getByRole('button', { name: 'Discard changes to flake.nix' }).click()
  const confirm = page.getByRole('dialog', { name: 'Discard changes to flake.nix?' })
  await expect(confirm).toBeVisible()
  await screenshot(page, 'files-commit-discard-1280.png')
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(dialog).toBeVisible()
  expect(read('flake.nix')).toBe('{ outputs = { self }: { y = 2; }; }\n')

  await dialog.getByRole('button', { name: 'Discard changes to flake.nix' }).click()
  await confirm.getByRole('button', { name: 'Discard changes' }).click()
  await expect(dialog.getByRole('checkbox')).toHaveCount(2)
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toHaveValue('Only the module')
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused()
  expect(read('flake.nix')).toBe(committed['flake.nix'])

  // A file the last commit lacks is deleted, and says so first.
  await page.setViewportSize({ width: 1024, height: 640 })
  await dialog.getByRole('button', { name: 'Discard changes to modules/new.nix' }).click()
  const remove = page.getByRole('dialog', { name: 'Discard changes to modules/new.nix?' })
  await expect(remove).toContainText('discarding deletes it')
  await screenshot(page, 'files-commit-discard-new-1024.png')
  await remove.getByRole('button', { name: 'Delete the file' }).click()
  await expect(dialog.getByRole('checkbox')).toHaveCount(1)
  expect(existsSync(join(repo, 'modules/new.nix'))).toBe(false)

  await dialog.getByRole('button', { name: 'Commit 1 file' }).click()
  await expect(dialog).toHaveCount(0)
  expect(git(repo, 'status', '--porcelain')).toBe('')
  expect(git(repo, 'log', '-1', '--format=%s')).toBe('Only the module')
  expect(read('modules/x.nix')).toBe('{ imports = [ ]; }\n')
})
