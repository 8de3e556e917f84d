// Find in files (Ctrl+Shift+F), driven by the keyboard: results by file and line, case and
// regex options, and Enter opening a result at its line.
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

serveForFile(
  'find',
  repoSetUp(
    {
      'flake.nix': '{ outputs = { self }: { }; }\n',
      'hosts/alpha/default.nix':
        '{\n  imports = [ ./hardware.nix ];\n  services.openssh.enable = true;\n}\n',
      'modules/vpn.nix':
        '{\n  services.openvpn.servers = { };\n  # OpenSSH keys live elsewhere\n}\n',
    },
    (repo) => {
      writeFileSync(join(repo, 'notes.nix'), '# openssh: not yet git added\n')
    },
  ),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

test('Ctrl+Shift+F finds text by file and line; arrows and Enter open a result at its line', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()

  await page.keyboard.press('Control+Shift+F')
  const panel = page.getByRole('region', { name: 'Find in files' })
  const input = panel.getByRole('searchbox', { name: 'Find in files' })
  await expect(input).toBeFocused()
  await expect(page.getByRole('tree', { name: 'Files' })).toBeHidden()

  await page.keyboard.type('openssh')
  const summary = panel.getByRole('status')
  // Case-insensitive by default: both spellings, in three files (one never git added).
  await expect(summary).toHaveText('3 results in 3 files')
  await expect(panel.getByRole('group', { name: 'hosts/alpha/default.nix' })).toContainText(
    '3services.openssh.enable = true;',
  )
  await expect(panel.getByRole('group', { name: 'notes.nix' })).toBeVisible()
  await screenshot(page, 'files-find-in-files-1280.png')

  // Alt+C: match case. OpenSSH in the comment drops out.
  await page.keyboard.press('Alt+c')
  await expect(panel.getByRole('button', { name: 'Match case' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(summary).toHaveText('2 results in 2 files')
  await page.keyboard.press('Alt+c')

  // Alt+R: a regular expression.
  await page.keyboard.press('Alt+r')
  await input.fill('open(ssh|vpn)\\.')
  await expect(summary).toHaveText('2 results in 2 files')
  await expect(panel.getByRole('group', { name: 'modules/vpn.nix' })).toContainText('openvpn.')

  // A broken one says why and what to do.
  await input.fill('open(')
  await expect(panel.getByRole('alert')).toContainText('not a valid regular expression')
  await expect(panel.getByRole('alert')).toContainText('Use regular expression')

  // The keyboard path: down from the input to the results, Enter opens at the line.
  await input.fill('servers')
  await expect(summary).toHaveText('1 result in 1 file')
  await page.keyboard.press('ArrowDown')
  await expect(panel.getByRole('button', { name: /servers/ })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('.editor-path')).toHaveText('modules/vpn.nix')
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)
  // The cursor is at the match: what is typed lands there.
  await page.keyboard.type('my')
  await page.keyboard.press('Control+s')
  await expect(page.getByText('Saved modules/vpn.nix')).toBeVisible()
  expect(readFileSync(join(repo, 'modules/vpn.nix'), 'utf8')).toContain(
    'services.openvpn.myservers',
  )

  // Back in the panel, Escape returns to the tree.
  await page.keyboard.press('Control+Shift+F')
  await expect(input).toBeFocused()
  await expect(input).toHaveValue('servers')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await expect(panel).toHaveCount(0)
})

test('find in files at 1024x640, with results in many lines', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.keyboard.press('Control+Shift+F')
  await page.keyboard.type('s')
  await expect(
    page.getByRole('region', { name: 'Find in files' }).getByRole('status'),
  ).toContainText('results in')
  await screenshot(page, 'files-find-in-files-1024.png')
})
