// The boot menu panel in browser mode against the real `flakedeck serve`: a boot folder on a
// small tmpfs with systemd-boot entries as NixOS writes them, set as the boot folder from the
// panel; and the warning before switching to a system whose kernel and initrd would not fit.
import { type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { currentSystem } from '../fixtures/rebuild-fixture'
import { testNixConfig } from '../helpers/nix-env'
import { makeBootSystem, mountSmallFolder, writeSystemdBootEntry } from '../fixtures/boot-folder'
import { expect, screenshot, test } from './nix-test'
import { serveFlakedeck, type ServedApp } from './serve-fixture'
import { openRebuild } from './page-helpers'

const mib = 1024 * 1024
let work: string
let boot: string
let unmount: (() => void) | null = null
let profile: string
let app: ServedApp

test.beforeAll(async () => {
  process.env.NIX_CONFIG = testNixConfig()
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-boot-'))
  boot = join(work, 'boot')
  unmount = mountSmallFolder(boot, 3 * mib)
  const tag = `${process.pid}${Date.now() % 100000}`
  const a = makeBootSystem(`${tag}1`, 600, 300)
  const big = makeBootSystem(`${tag}2`, 3000, 500)
  const b = makeBootSystem(`${tag}3`, 700, 300)
  mkdirSync(join(work, 'profiles'))
  profile = join(work, 'profiles', 'system')
  for (const system of [a, big, b]) {
    execFileSync('nix-env', ['-p', profile, '--set', system], { stdio: 'pipe' })
  }
  writeSystemdBootEntry(boot, 1, a)
  writeSystemdBootEntry(boot, 3, b, { isDefault: true })
  const repo = makeRepo(join(work, 'config'), { 'flake.nix': minimalFlake })
  app = await serveFlakedeck(['--flake', repo])
  await app.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: profile,
    profilePath: profile,
    rebuildSudo: false,
  })
})

test.afterAll(async () => {
  await app?.stop()
  unmount?.()
  rmSync(work, { recursive: true, force: true })
})

test('shows the boot menu and the boot folder room, and warns before a system that will not fit', async ({
  page,
}) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Generations' }).click()
  const panel = page.getByRole('region', { name: 'Boot menu' })
  // The default boot folder (/boot) is not this one: set it from the panel.
  await panel.getByRole('button', { name: 'Boot folder…' }).click()
  await panel.getByLabel('Boot folder', { exact: true }).fill(boot)
  await panel.getByRole('button', { name: 'Use' }).click()
  await expect(panel).toContainText(`systemd-boot in ${boot}`)
  const entries = panel.getByRole('list', { name: 'Boot entries' }).getByRole('listitem')
  await expect(entries).toHaveText(['#3 (default)', '#1'])
  await expect(panel.getByTestId('boot-space')).toContainText(
    /1\.9 MiB of 3\.0 MiB used, 1\.1 MiB free/,
  )
  await screenshot(page, 'generations-boot.png')

  // Generation 2's kernel and initrd (3.4 MiB) are not in the folder and do not fit.
  await page.getByRole('button', { name: 'Switch to generation 2' }).click()
  const dialog = page.getByRole('dialog', { name: /generation 2\?/ })
  await expect(dialog.getByTestId('boot-fit-warning')).toContainText(
    'The boot folder is too full for this system.',
  )
  await expect(dialog.getByTestId('boot-fit-warning')).toContainText(
    `need 3.4 MiB in ${boot}, which has`,
  )
  await screenshot(page, 'generations-boot-warning.png')
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // Generation 1's files are there already: no warning.
  await page.getByRole('button', { name: 'Switch to generation 1' }).click()
  const first = page.getByRole('dialog', { name: /generation 1\?/ })
  await expect(first.getByRole('button', { name: 'Cancel' })).toBeVisible()
  await expect(first.getByTestId('switch-summary')).toBeVisible()
  await expect(first.getByTestId('boot-fit-warning')).toHaveCount(0)
})

/** A flake whose host `box` builds a system with a kernel and initrd of 3.4 MiB. */
function bigKernelFlake(tag: string): string {
  return `{
  outputs = { self }: let
    run = name: script: builtins.derivation {
      inherit name; system = "${currentSystem()}"; builder = "/bin/sh"; args = [ "-c" script ];
    };
    blob = name: file: kib: run name "/bin/mkdir -p $out && /bin/dd if=/dev/zero of=$out/\${file} bs=1024 count=\${toString kib} 2>/dev/null && echo ${tag} >> $out/\${file}";
    kernel = blob "linux-6.6.${tag}" "bzImage" 3000;
    initrd = blob "initrd-linux-6.6.${tag}" "initrd" 500;
  in {
    nixosConfigurations.box.config.system.build.toplevel = run "nixos-system-box-25.05.${tag}" ''
      /bin/mkdir -p $out/bin
      /bin/ln -s \${kernel}/bzImage $out/kernel
      /bin/ln -s \${initrd}/initrd $out/initrd
      printf '#!/bin/sh\\necho activated' > $out/bin/switch-to-configuration
      /bin/chmod +x $out/bin/switch-to-configuration
    '';
  };
}
`
}

test('the look before switching in the Rebuild area warns when the new kernel will not fit', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const tag = `r${process.pid}${Date.now() % 100000}`
  const repo = makeRepo(join(work, `big-kernel-${tag}`), { 'flake.nix': bigKernelFlake(tag) })
  const served = await serveFlakedeck(['--flake', repo])
  try {
    await served.call('settings.set', {
      rebuildMode: 'profile',
      rebuildProfilePath: join(work, 'profiles', `rebuilt-${tag}`),
      rebuildSudo: false,
      lookBeforeSwitch: true,
      bootDir: boot,
    })
    await lookBeforeSwitching(page, served)
  } finally {
    await served.stop()
  }
})

async function lookBeforeSwitching(page: Page, served: ServedApp) {
  const area = await openRebuild(page, served.url)
  await expect(area.getByLabel('Host')).toHaveValue('box')
  await area.getByTestId('rebuild-start').click()
  const confirm = area.getByRole('region', { name: 'Before activating' })
  await expect(confirm).toBeVisible({ timeout: 120_000 })
  await expect(confirm.getByTestId('boot-fit-warning')).toContainText(
    `need 3.4 MiB in ${boot}, which has`,
  )
  await screenshot(page, 'rebuild-boot-warning.png')
}
