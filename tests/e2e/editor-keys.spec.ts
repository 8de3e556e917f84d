// What VS Code users expect of the editor's keys: folders on same-named tabs, Enter indenting
// after { [ ( let and inside '' strings, and the commit dialog by keyboard with focus coming back.
import type { Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { git } from '../helpers/git-repo'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

serveForFile(
  'keys',
  repoSetUp(
    {
      'flake.nix': '{ outputs = { self }: { }; }\n',
      'hosts/alpha/default.nix': '{ }\n',
      'hosts/beta/default.nix': '{ }\n',
      'typed.nix': '',
    },
    (repo) => {
      git(repo, 'config', 'user.name', 'Flakedeck Test')
      git(repo, 'config', 'user.email', 'test@flakedeck.invalid')
    },
  ),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

async function quickOpen(page: Page, query: string) {
  await page.keyboard.press('Control+p')
  await page.keyboard.type(query)
  await page.keyboard.press('Enter')
}

test('same-named tabs show their folders', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await quickOpen(page, 'alphadefault')
  await expect(page.getByRole('tab', { name: 'default.nix' })).toBeVisible()
  await quickOpen(page, 'betadefault')
  await expect(page.getByRole('tab', { name: 'default.nix …/alpha' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'default.nix …/beta' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await screenshot(page, 'files-tabs-same-name-1024.png')
  await page.setViewportSize({ width: 1280, height: 800 })
  await screenshot(page, 'files-tabs-same-name-1280.png')
})

test("Enter indents after { [ ( and keeps the indentation inside a '' string", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  writeFileSync(join(repo, 'typed.nix'), '')
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await quickOpen(page, 'typed')
  await expect(page.locator('.editor-path')).toHaveText('typed.nix')
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)
  // Typed as a user would, one line at a time: each Enter waits until the editor shows what was
  // typed, and Escape first closes a word suggestion that Enter would otherwise accept. Whether
  // Monaco auto-closes a bracket is its business; the indentation of the next line is checked.
  // At a fast typist's pace: see the let test below for why not with no pause at all.
  const keys = page.keyboard
  const lines = page.locator('.view-lines')
  const line = async (text: string) => {
    await keys.type(text, { delay: 40 })
    await expect(lines).toContainText(text.trim())
    await keys.press('Escape')
    await keys.press('Enter')
  }
  await line('{')
  await line("script = ''")
  await line('echo one')
  await keys.type('echo two', { delay: 40 })
  await expect(lines).toContainText('echo two')
  await keys.press('Control+End')
  await keys.press('Enter')
  await line('xs = [')
  await line('(')
  await keys.type('1', { delay: 40 })
  await expect(lines).toContainText('1')
  await keys.press('Control+s')
  await expect(page.getByText('Saved typed.nix')).toBeVisible()
  const typed = readFileSync(join(repo, 'typed.nix'), 'utf8')
  expect(typed).toMatch(/^\{\n {2}script = ''.*\n {4}echo one\n {4}echo two/)
  expect(typed).toMatch(/\n *xs = \[.*\n(\s*)\(.*\n\1 {2}1/)
  const xs = /\n( *)xs = \[.*\n( *)\(/.exec(typed)!
  expect(xs[2]!.length).toBe(xs[1]!.length + 2)
})

test('Enter indents after let, alone on its line or after =', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  // Words that start like the keyword, for the editor to suggest while `let` is typed.
  writeFileSync(join(repo, 'let.nix'), 'let letsencrypt = 1; lets = 2; in\n')
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await quickOpen(page, 'let.nix')
  await expect(page.locator('.editor-path')).toHaveText('let.nix')
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)
  const lines = page.locator('.view-lines')
  await expect(lines).toContainText('letsencrypt')
  // Typed at a fast typist's pace (25 keys a second), Enter right after the keyword, with no
  // Escape: the word list (lets, letsencrypt) may be showing, and Enter must still make the new
  // line. (With no pause between keys at all, Monaco under load now and then applies no editing
  // rule to a keystroke, a `{` is not auto-closed either; a user does not type that fast.)
  const keys = page.keyboard
  const type = (text: string) => keys.type(text, { delay: 40 })
  await keys.press('Control+End')
  await type('{')
  await keys.press('Enter')
  await type('v = let')
  await keys.press('Enter')
  await type('a = 1;')
  await keys.press('Control+End')
  await keys.press('Enter')
  await type('let')
  await keys.press('Enter')
  await type('b = 2;')
  await expect(lines).toContainText('b = 2;')
  await keys.press('Control+s')
  await expect(page.getByText('Saved let.nix')).toBeVisible()
  const typed = readFileSync(join(repo, 'let.nix'), 'utf8')
  const after = (line: string, next: string) => {
    const found = new RegExp(`\\n( *)${line}\\n( *)${next}`).exec(typed)
    expect(found, `${JSON.stringify(typed)}: ${next} on the line after ${line}`).not.toBeNull()
    expect(found![2]!.length, JSON.stringify(typed)).toBe(found![1]!.length + 2)
  }
  after('v = let', 'a = 1;')
  after('let', 'b = 2;')
})

test('the commit dialog starts in the message, Ctrl+Enter commits, and the focus comes back', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  writeFileSync(join(repo, 'flake.nix'), '{ outputs = { self }: { x = 1; }; }\n')
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  const commitButton = page.getByRole('button', { name: /^Commit/ })
  await expect(commitButton).toContainText(/Commit \(\d\)/)
  await commitButton.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Commit' })
  const message = dialog.getByRole('textbox', { name: 'Message' })
  await expect(message).toBeFocused()
  // Escape closes it, and the focus is back on the button that opened it.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(commitButton).toBeFocused()

  await page.keyboard.press('Enter')
  await expect(message).toBeFocused()
  // Ctrl+Enter with no message does nothing.
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toBeVisible()
  await page.keyboard.type('Typed by keyboard')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toHaveCount(0)
  await expect.poll(() => git(repo, 'log', '-1', '--format=%s')).toBe('Typed by keyboard')
  await expect(commitButton).toBeFocused()
})
