// A generation's commit chip names the commit it was built from, and "in history" opens that
// commit in the Files area's git history (its message, files and diff), by mouse or keyboard.
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRevisionProfile } from '../fixtures/revision-profile'
import { git, makeRepo, minimalFlake, writeFiles } from '../helpers/git-repo'
import { testNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'
import { openArea } from './page-helpers'

const nixEnv = { ...process.env, NIX_CONFIG: testNixConfig() }

let work: string
let repo: string
let profile: string
let revisions: string[]
let app: ServedApp

/** A NixOS-shaped toplevel recording `rev` as its configuration revision. */
const systemExpression = `{ gen, rev }:
builtins.derivation {
  name = "nixos-system-e2e-24.11.2024110\${toString gen}.cafe";
  system = builtins.currentSystem;
  builder = "/bin/sh";
  args = [ "-c" ''
    /bin/mkdir -p $out
    echo -n 24.11.2024110\${toString gen}.cafe > $out/nixos-version
    echo \${rev} > $out/configurationRevision
  '' ];
}
`

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-gen-commit-'))
  repo = makeRepo(join(work, 'nixos-config'), {
    'flake.nix': minimalFlake,
    'configuration.nix': '{ ... }: {\n  networking.hostName = "box";\n}\n',
  })
  writeFiles(repo, {
    'configuration.nix':
      '{ ... }: {\n  networking.hostName = "box";\n  time.timeZone = "UTC";\n}\n',
  })
  git(repo, 'commit', '-qam', 'Set the time zone\n\nServers log in UTC.')
  revisions = git(repo, 'rev-list', '--reverse', 'HEAD').trim().split('\n')
  profile = makeRevisionProfile(join(work, 'profile'), systemExpression, revisions, nixEnv)
  app = await serveFlakedeck(['--flake', repo])
  await app.call('settings.set', { profilePath: profile })
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openGenerations(page: Page) {
  await page.goto(app.url)
  await openArea(page, 'Generations')
  await expect(page.getByTestId('profile-path')).toHaveText(profile)
}

test('the commit chip names the commit, and "in history" opens it in the Files history', async ({
  page,
}) => {
  await openGenerations(page)
  const second = page.getByTestId('generation-2')
  await expect(page.getByTestId('commit-subject-2')).toHaveText('Set the time zone', {
    timeout: 30_000,
  })
  const link = second.getByRole('button', {
    name: `Show commit ${revisions[1]!.slice(0, 12)} in the history`,
  })
  await screenshot(page, 'generations-commit-chip.png')
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(link).toBeVisible()
  await screenshot(page, 'generations-commit-chip-1024.png')
  await link.click()

  const dialog = page.getByRole('dialog', { name: 'Set the time zone' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Servers log in UTC.')
  await expect(dialog.getByRole('list', { name: 'Files changed' })).toContainText(
    'configuration.nix',
  )
  await expect(dialog.locator('.diff-add')).toContainText('time.timeZone = "UTC";')
  await expect(page.getByRole('region', { name: 'History' })).toBeVisible()
  await screenshot(page, 'generations-commit-in-history.png')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toHaveCount(0)

  // By keyboard, back in Generations: the first generation's commit, asked again later.
  await openArea(page, 'Generations')
  const first = page
    .getByTestId('generation-1')
    .getByRole('button', { name: `Show commit ${revisions[0]!.slice(0, 12)} in the history` })
  await first.focus()
  await page.keyboard.press('Enter')
  const initial = page.getByRole('dialog', { name: 'initial commit' })
  await expect(initial).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(initial).toHaveCount(0)
})
