// Go to file from Nix paths (F12, Ctrl+click) and the outline of a file's bindings (Ctrl+Shift+O).
import { expect, screenshot, test } from './nix-test'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let app: ServedApp

const alpha = `{ config, ... }:
{
  imports = [ ./hardware.nix ../../modules/desktop ];
  services.openssh = {
    enable = true;
  };
  networking.hostName = "alpha";
}
`

serveForFile(
  'nixnav',
  repoSetUp({
    'flake.nix': '{ outputs = { self }: { }; }\n',
    'hosts/alpha/default.nix': alpha,
    'hosts/alpha/hardware.nix': '{ boot.kernelModules = [ ]; }\n',
    'modules/desktop/default.nix': '{ services.xserver.enable = true; }\n',
  }),
  (served) => (app = served.app),
)

test('F12 and Ctrl+click on a Nix path open the file, a folder its default.nix; Ctrl+Shift+O outlines the bindings', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  const path = page.locator('.editor-path')

  await page.keyboard.press('Control+p')
  await page.keyboard.type('alphadefault')
  await page.keyboard.press('Enter')
  await expect(path).toHaveText('hosts/alpha/default.nix')
  await expect(page.locator('.monaco-editor.focused')).toHaveCount(1)

  // F12 with the cursor inside ./hardware.nix (line 3).
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Home')
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowRight')
  await page.keyboard.press('F12')
  await expect(path).toHaveText('hosts/alpha/hardware.nix')

  // Back to the module; Ctrl+click on a folder path opens its default.nix.
  await page.getByRole('tab', { name: /^default\.nix/ }).click()
  await expect(path).toHaveText('hosts/alpha/default.nix')
  const folderPath = page.locator('.view-lines span', { hasText: '../../modules/desktop' }).last()
  await folderPath.click({ modifiers: ['Control'] })
  await expect(path).toHaveText('modules/desktop/default.nix')

  // The outline of the module: Ctrl+Shift+O lists its bindings; Enter goes to one.
  await page
    .getByRole('tab', { name: /^default\.nix.*hosts\/alpha|^default\.nix/ })
    .first()
    .click()
  await expect(path).toHaveText('hosts/alpha/default.nix')
  await page.locator('.view-lines').click()
  await page.keyboard.press('Control+Shift+O')
  const outline = page.locator('.quick-input-widget')
  await expect(outline).toBeVisible()
  for (const name of ['imports', 'services.openssh', 'enable', 'networking.hostName']) {
    await expect(
      outline.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')}`) }),
    ).toBeVisible()
  }
  await screenshot(page, 'files-outline-1280.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(outline).toBeInViewport()
  await screenshot(page, 'files-outline-1024.png')
  await page.keyboard.type('hostName')
  await page.keyboard.press('Enter')
  await expect(outline).toBeHidden()
  await page.keyboard.press('End')
  await page.keyboard.type(' # here')
  await expect(page.locator('.view-lines')).toContainText('networking.hostName = "alpha"; # here')
})
