// Quick open (Ctrl+P) and the command palette (Ctrl+Shift+P), driven by the keyboard.
import { expect, screenshot, test } from './nix-test'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let app: ServedApp

serveForFile(
  'palette',
  repoSetUp({
    'flake.nix': '{ outputs = { self }: { }; }\n',
    'hosts/alpha/default.nix': '{ imports = [ ./hardware.nix ]; }\n',
    'hosts/alpha/hardware.nix': '{ }\n',
    'hosts/beta/default.nix': '{ networking.hostName = "beta"; }\n',
    'modules/desktop.nix': '{ }\n',
  }),
  (served) => (app = served.app),
)

test('Ctrl+P finds a file by fuzzy name, arrows choose, Enter opens it in the editor', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()

  await page.keyboard.press('Control+p')
  const input = page.getByRole('combobox', { name: 'Go to file' })
  await expect(input).toBeFocused()
  const list = page.getByRole('listbox', { name: 'Go to file' })
  // With no query, every file is listed.
  await expect(list.getByRole('option')).toHaveCount(5)

  await input.fill('hbdef')
  await expect(list.getByRole('option')).toHaveCount(1)
  await input.fill('def')
  const options = list.getByRole('option')
  await expect(options).toHaveCount(2)
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true')
  await expect(input).toHaveAttribute(
    'aria-activedescendant',
    (await options.nth(0).getAttribute('id'))!,
  )
  await page.keyboard.press('ArrowDown')
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false')
  await page.keyboard.press('ArrowDown') // stays on the last
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowUp')
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  const chosen = (await options.nth(1).textContent())!
  expect(chosen).toMatch(/default\.nixhosts\/(alpha|beta)/)
  const folder = chosen.replace('default.nix', '')
  await screenshot(page, 'files-quick-open-1280.png')
  await page.keyboard.press('Enter')

  await expect(page.getByRole('dialog', { name: 'Go to file' })).toHaveCount(0)
  await expect(page.getByRole('tab', { name: /default\.nix/ })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(page.locator('.editor-path')).toHaveText(`${folder}/default.nix`)
  // The editor has the focus (Monaco marks its focused editor).
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)

  // A file name nothing matches says so; Escape closes and gives the focus back to the editor.
  await page.keyboard.press('Control+p')
  await input.fill('zzzz')
  await expect(page.getByText('No file matches.')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(input).toHaveCount(0)
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)
  // Typing now goes into the file.
  await page.keyboard.type('#')
  await expect(page.getByRole('tab', { name: /default\.nix.*unsaved/ })).toBeVisible()
})

test('Ctrl+Shift+P runs the app’s own commands, and > in quick open switches to them', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.getByRole('button', { name: /Files/ }).first().focus()

  await page.keyboard.press('Control+Shift+P')
  const input = page.getByRole('combobox', { name: 'Run a command' })
  await expect(input).toBeFocused()
  await expect(input).toHaveValue('>')
  const list = page.getByRole('listbox', { name: 'Run a command' })
  await expect(list.getByRole('option', { name: /Show Generations/ })).toBeVisible()
  await expect(list.getByRole('option', { name: /Go to file/ })).toBeVisible()
  await page.keyboard.type('gener')
  await expect(list.getByRole('option').first()).toContainText('Show Generations')
  await screenshot(page, 'command-palette-1024.png')
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('button', { name: /Generations/, exact: false }).first(),
  ).toHaveAttribute('aria-current', 'page')

  // Quick open with a leading > lists commands; Backspace over it lists files again.
  await page.keyboard.press('Control+p')
  const files = page.getByRole('combobox', { name: 'Go to file' })
  await expect(files).toBeFocused()
  await page.keyboard.type('>files')
  await expect(page.getByRole('combobox', { name: 'Run a command' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: /Files/ }),
  ).toHaveAttribute('aria-current', 'page')
})
