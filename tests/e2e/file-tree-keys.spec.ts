// The file tree by keyboard (one Tab stop, arrows, Enter, F2, Delete) and a file git added then
// deleted leaving the tree and the commit list.
import { expect, screenshot, test } from './nix-test'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

serveForFile(
  'tree',
  repoSetUp({
    'flake.nix': '{ outputs = { self }: { }; }\n',
    'hosts/alpha/default.nix': '{ }\n',
    'hosts/alpha/hardware.nix': '{ }\n',
    'modules/x.nix': '{ }\n',
  }),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

test('the file tree is one Tab stop; arrows move and fold, Enter opens, F2 and Delete ask', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  const tree = page.getByRole('tree', { name: 'Files' })
  await expect(tree).toBeVisible()
  const item = (name: string) =>
    tree.getByRole('treeitem', { name, exact: false }).filter({
      has: page.locator(`:scope > .tree-row .tree-name`, { hasText: new RegExp(`^${name}$`) }),
    })
  // One Tab stop: a single item is in the tab order, and nothing inside the rows is.
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1)
  await expect(tree.locator('button:not([tabindex="-1"])')).toHaveCount(0)

  await tree.locator('[tabindex="0"]').focus()
  await expect(item('hosts')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(item('alpha')).toBeFocused()
  await page.keyboard.press('ArrowLeft') // closes alpha
  await expect(item('alpha')).toHaveAttribute('aria-expanded', 'false')
  await expect(item('hardware.nix')).toHaveCount(0)
  await page.keyboard.press('ArrowDown')
  await expect(item('modules')).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowRight') // opens alpha
  await expect(item('alpha')).toHaveAttribute('aria-expanded', 'true')
  await page.keyboard.press('ArrowRight') // into its first child
  await expect(item('default.nix')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(item('hardware.nix')).toBeFocused()
  await screenshot(page, 'files-tree-keyboard-1280.png')

  // F2 asks for the new name; Escape cancels and the focus is back on the item.
  await page.keyboard.press('F2')
  const rename = page.getByRole('dialog', { name: 'Rename' })
  await expect(rename).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(rename).toHaveCount(0)
  await expect(item('hardware.nix')).toBeFocused()

  // Delete asks first; Cancel keeps the file and the focus.
  await page.keyboard.press('Delete')
  const confirm = page.getByRole('dialog', { name: 'Delete hosts/alpha/hardware.nix?' })
  await expect(confirm).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(item('hardware.nix')).toBeFocused()

  // Left goes to the parent; Home and End to the ends; Tab leaves the tree in one step.
  await page.keyboard.press('ArrowLeft')
  await expect(item('alpha')).toBeFocused()
  await page.keyboard.press('End')
  await expect(item('flake.nix')).toBeFocused()
  await page.keyboard.press('Home')
  await expect(item('hosts')).toBeFocused()

  // Enter opens the file under the focus.
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  await expect(page.locator('.editor-path')).toHaveText('flake.nix')
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1)
  await expect(item('flake.nix')).toHaveAttribute('tabindex', '0')
})

test('a file git added and then deleted leaves the tree and the commit list', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  writeFileSync(join(repo, 'staged.nix'), '{ }\n')
  git(repo, 'add', 'staged.nix')
  await page.goto(app.url)
  const tree = page.getByRole('tree', { name: 'Files' })
  await expect(tree.getByRole('treeitem', { name: /staged\.nix/ })).toBeVisible()
  rmSync(join(repo, 'staged.nix'))
  await expect(tree.getByRole('treeitem', { name: /staged\.nix/ })).toHaveCount(0)
  await page.getByRole('button', { name: /^Commit/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  await expect(dialog).toBeVisible()
  await expect(dialog).not.toContainText('staged.nix')
  await page.keyboard.press('Escape')
})

test('F2 renames and Delete deletes the file under the focus, by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  const tree = page.getByRole('tree', { name: 'Files' })
  await expect(tree).toBeVisible()
  const item = (name: string) =>
    tree.getByRole('treeitem', { name, exact: false }).filter({
      has: page.locator(`:scope > .tree-row .tree-name`, { hasText: new RegExp(`^${name}$`) }),
    })
  await tree.locator('[tabindex="0"]').focus()
  await page.keyboard.press('Home')
  await expect(item('hosts')).toBeFocused()
  // Down to modules (alpha may be open or not), open it, into x.nix.
  for (
    let i = 0;
    i < 6 && !(await item('modules').evaluate((e) => e === e.ownerDocument.activeElement));
    i++
  )
    await page.keyboard.press('ArrowDown')
  await expect(item('modules')).toBeFocused()
  if ((await item('modules').getAttribute('aria-expanded')) === 'false')
    await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(item('x.nix')).toBeFocused()

  // F2: the new name, typed over the old one; Enter renames it on disk.
  await page.keyboard.press('F2')
  const rename = page.getByRole('dialog', { name: 'Rename' })
  const name = rename.getByRole('textbox')
  await expect(name).toBeFocused()
  await expect(name).toHaveValue('modules/x.nix')
  await page.keyboard.press('Control+a')
  await page.keyboard.type('modules/y.nix')
  await page.keyboard.press('Enter')
  await expect(rename).toHaveCount(0)
  // x.nix stays listed as a deletion to commit (it was committed); y.nix is new.
  await expect(item('y.nix')).toBeVisible()
  expect(existsSync(join(repo, 'modules/y.nix'))).toBe(true)
  expect(existsSync(join(repo, 'modules/x.nix'))).toBe(false)
  // The focus is on the renamed file, for the next key.
  await expect(item('y.nix')).toBeFocused()

  // Delete asks; its Delete button, by keyboard, deletes the file.
  await page.keyboard.press('Delete')
  const confirm = page.getByRole('dialog', { name: 'Delete modules/y.nix?' })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: 'Delete', exact: true }).press('Enter')
  await expect(confirm).toHaveCount(0)
  await expect(item('y.nix')).toHaveCount(0)
  expect(existsSync(join(repo, 'modules/y.nix'))).toBe(false)
  // The focus stays in the tree, on one item.
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1)
  await expect(tree.locator('[tabindex="0"]')).toBeFocused()
})
