// The Generations area in browser mode against the real `flakedeck serve` and real nix: profiles
// made by tests/fixtures/generations-profile.ts, one with a dangling generation, and two
// NixOS-shaped systems built from two commits of the open repo (for the config source diff).
import { type Page } from '@playwright/test'
import { expect, screenshot, test } from './nix-test'
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, makeRepo, minimalFlake, writeFiles } from '../helpers/git-repo'
import { testNixConfig } from '../helpers/nix-env'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { makeRevisionProfile } from '../fixtures/revision-profile'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

const nixEnv = { ...process.env, NIX_CONFIG: testNixConfig() }

let work: string
let repo: string
let revisions: [string, string]
let app: ServedApp

function makeProfile(name: string, n: number, gens: number, k = 20): string {
  return makeGenerationsProfile(join(work, name), { n, gens, k, env: nixEnv })
}

function lockWith(rev: string, lastModified: number): string {
  return `${JSON.stringify(
    {
      nodes: {
        nixpkgs: {
          locked: {
            lastModified,
            narHash: `sha256-${rev.slice(0, 8)}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`,
            owner: 'NixOS',
            repo: 'nixpkgs',
            rev,
            type: 'github',
          },
          original: { owner: 'NixOS', ref: 'nixos-unstable', repo: 'nixpkgs', type: 'github' },
        },
        root: { inputs: { nixpkgs: 'nixpkgs' } },
      },
      root: 'root',
      version: 7,
    },
    null,
    2,
  )}\n`
}

/** A NixOS-shaped toplevel recording `rev` as its configuration revision. */
const systemExpression = `{ gen, rev }:
let
  run = name: script: builtins.derivation {
    inherit name; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" script ];
  };
  g = toString gen;
  editor = builtins.toFile "editor-3.\${g}" "editor \${g}";
  sw = run "system-path" "/bin/mkdir -p $out/bin && /bin/ln -s \${editor} $out/bin/editor";
in run "nixos-system-e2e-24.11.2024110\${g}.cafe" ''
  /bin/mkdir -p $out/kernel-modules/lib/modules/6.6.6\${g}
  /bin/ln -s \${sw} $out/sw
  echo -n 24.11.2024110\${g}.cafe > $out/nixos-version
  echo \${rev} > $out/configurationRevision
''
`

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-gens-'))
  repo = makeRepo(join(work, 'nixos-config'), {
    'flake.nix': minimalFlake,
    'configuration.nix': '{ pkgs, ... }: {\n  networking.hostName = "box";\n}\n',
    'flake.lock': lockWith('1111111111111111111111111111111111111111', 1_730_000_000),
  })
  const first = git(repo, 'rev-parse', 'HEAD')
  writeFiles(repo, {
    'configuration.nix':
      '{ pkgs, ... }: {\n  networking.hostName = "box";\n  programs.editor.enable = true;\n}\n',
    'flake.lock': lockWith('2222222222222222222222222222222222222222', 1_732_000_000),
  })
  git(repo, 'commit', '-qam', 'enable the editor')
  revisions = [first, git(repo, 'rev-parse', 'HEAD')]
  app = await serveFlakedeck(['--flake', repo])
})

test.afterAll(async () => {
  await app?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function openGenerations(page: Page) {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Generations' }).click()
  await expect(page.getByRole('heading', { name: 'Generations', level: 1 })).toBeVisible()
}

/** Sets the profile the way a user does: the profile button, then the dialog. */
async function chooseProfile(page: Page, profile: string) {
  await page.getByRole('button', { name: /^Profile .* Change…$/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Profile' })
  await dialog.getByLabel('Profile path').fill(profile)
  await dialog.getByRole('button', { name: 'Use this profile' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('profile-path')).toHaveText(profile)
}

const area = (page: Page) => page.getByRole('region', { name: 'Generations' })
const comparison = (page: Page) => page.getByRole('region', { name: 'Comparison' })
const changeRows = (page: Page) =>
  page.getByRole('table', { name: 'Package changes' }).getByTestId('change-row')

test('shows the timeline and chart, and compares two generations with filters', async ({
  page,
}) => {
  const profile = makeProfile('profile-a', 120, 4, 7)
  await openGenerations(page)
  await chooseProfile(page, profile)

  const rows = page.getByRole('list', { name: 'Generations' }).getByRole('listitem')
  await expect(rows).toHaveCount(4)
  await expect(page.getByTestId('generation-4')).toContainText('current')
  await expect(page.getByTestId('generation-4')).toContainText('NixOS 26.05.3')
  await expect(page.getByTestId('generation-1')).toContainText('nixos-system-test-26.05.0')
  await expect(page.getByTestId('generation-1')).toContainText(/\d+(\.\d)? KiB/)
  await expect(page.getByTestId('size-chart').locator('canvas')).toBeVisible()

  // The default pair: the generation before the current one, and the current one.
  await expect(comparison(page).getByRole('heading')).toHaveText('#3⇄#4')
  const expected = (await app.call('generations.compare', { before: 3, after: 4 })) as {
    totals: { counts: Record<string, number> }
  }
  const counts = expected.totals.counts
  await expect(comparison(page).getByTestId('comparison-totals')).toContainText('Closure')
  await expect(changeRows(page).first()).toBeVisible()
  for (const [kind, label] of [
    ['upgraded', 'Upgraded'],
    ['added', 'Added'],
    ['removed', 'Removed'],
  ] as const) {
    await expect(
      comparison(page).getByRole('button', { name: new RegExp(`^${label}`) }),
    ).toHaveText(`${label} ${counts[kind]}`)
  }
  await screenshot(page, 'generations.png')

  // Filters: only what was added, then a search, then the packages the user chose.
  await comparison(page)
    .getByRole('button', { name: /^Added/ })
    .click()
  await expect(changeRows(page)).toHaveCount(counts.added!)
  for (const row of await changeRows(page).all()) await expect(row).toContainText('Added')
  await comparison(page)
    .getByRole('button', { name: /^Added/ })
    .click()
  await comparison(page).getByRole('searchbox', { name: 'Search packages' }).fill('pkg11')
  await expect(changeRows(page).first()).toContainText('pkg11')
  for (const row of await changeRows(page).all()) await expect(row).toContainText('pkg11')
  await comparison(page).getByRole('searchbox', { name: 'Search packages' }).fill('')
  await comparison(page).getByText('Chosen only').click()
  await expect(changeRows(page).first()).toContainText('★')
  await comparison(page).getByText('Chosen only').click()

  // Any two: from the first generation to the current one.
  await page.getByRole('button', { name: 'Compare from generation 1' }).click()
  await expect(comparison(page).getByRole('heading')).toHaveText('#1⇄#4')
  await comparison(page)
    .getByRole('button', { name: /^Upgraded/ })
    .click()
  await expect(changeRows(page).first()).toContainText('→')
  await screenshot(page, 'generations-compare.png')
  // Swapped, upgrades read as downgrades.
  await comparison(page).getByRole('button', { name: 'Swap from and to' }).click()
  await expect(comparison(page).getByRole('heading')).toHaveText('#4⇄#1')
  await expect(comparison(page).getByRole('button', { name: /^Downgraded/ })).not.toHaveText(
    'Downgraded 0',
  )
})

test('says what is wrong with a profile, and lists the rest of a damaged one', async ({ page }) => {
  await openGenerations(page)
  const missing = join(work, 'no-such-profile', 'system')
  await chooseProfile(page, missing)
  await expect(area(page).getByRole('alert')).toContainText(
    `There is no nix profile at ${missing}.`,
  )
  await expect(area(page).getByRole('button', { name: 'Choose another profile…' })).toBeVisible()

  const empty = join(work, 'empty-profile')
  mkdirSync(empty)
  await chooseProfile(page, empty)
  await expect(area(page).getByRole('alert')).toContainText('has no generations')

  const profile = makeProfile('profile-damaged', 40, 2)
  symlinkSync(
    '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-test-26.05.9',
    `${profile}-9-link`,
  )
  await chooseProfile(page, profile)
  const gone = page.getByTestId('generation-9')
  await expect(gone).toContainText('store path gone')
  await expect(gone).toContainText('no longer exists (it was garbage collected)')
  await expect(page.getByRole('button', { name: 'Compare to generation 9' })).toBeDisabled()
  await expect(page.getByTestId('generation-2')).toContainText('current')
  await expect(comparison(page).getByRole('heading')).toHaveText('#1⇄#2')
  await expect(changeRows(page).first()).toBeVisible()
})

test('switches to an older generation after showing the comparison, and deletes one', async ({
  page,
}) => {
  const profile = makeProfile('profile-ops', 40, 3)
  await openGenerations(page)
  await chooseProfile(page, profile)
  await expect(page.getByTestId('generation-3')).toContainText('current')

  await page.getByRole('button', { name: 'Switch to generation 1' }).click()
  const dialog = page.getByRole('dialog', { name: 'Roll back to generation 1?' })
  await expect(dialog.getByTestId('switch-summary')).toContainText('Closure')
  await expect(dialog).toContainText(`nix-env -p ${profile} --switch-generation 1`)
  // Not a NixOS system: moving the profile is all there is.
  await expect(dialog.getByTestId('no-activation')).toContainText('no bin/switch-to-configuration')
  await expect(dialog.getByRole('button', { name: 'Switch and activate' })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Roll back to #1' }).click()
  await expect(dialog).toBeHidden()
  await expect(area(page).getByRole('status').filter({ hasText: 'now points at' })).toContainText(
    'The profile now points at generation 1.',
  )
  await expect(page.getByTestId('generation-1')).toContainText('current')
  expect(readlinkSync(profile)).toBe('system-1-link')

  // The current generation cannot be ticked; generation 2 can, and goes.
  await expect(
    page.getByRole('checkbox', { name: 'Select generation 1 for deletion' }),
  ).toBeDisabled()
  await page.getByRole('checkbox', { name: 'Select generation 2 for deletion' }).check()
  await area(page).getByRole('button', { name: 'Delete… (1)' }).click()
  const remove = page.getByRole('dialog', { name: 'Delete generations' })
  await expect(remove.getByTestId('delete-preview')).toContainText('Deletes #2.')
  await remove.getByRole('button', { name: 'Delete 1 generation' }).click()
  await expect(remove.getByTestId('delete-result')).toContainText('Deleted 1 generation: #2.')
  await remove.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByTestId('generation-2')).toHaveCount(0)
  await expect(page.getByRole('list', { name: 'Generations' }).getByRole('listitem')).toHaveCount(2)
  expect(existsSync(`${profile}-2-link`)).toBe(false)
})

test('shows the config source diff between the commits two generations were built from', async ({
  page,
}) => {
  const profile = makeRevisionProfile(
    join(work, 'profile-nixos'),
    systemExpression,
    revisions,
    nixEnv,
  )

  await openGenerations(page)
  await chooseProfile(page, profile)
  const second = page.getByTestId('generation-2')
  await expect(second).toContainText('NixOS 24.11.20241102.cafe')
  await expect(second).toContainText('Linux 6.6.62')
  await expect(second).toContainText(revisions[1].slice(0, 12))
  await expect(changeRows(page).filter({ hasText: 'editor' })).toContainText('★')

  await second.getByRole('button', { name: /^⎇/ }).click()
  await expect(comparison(page).getByRole('tab', { name: 'Configuration' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  const files = comparison(page).getByRole('list', { name: 'Changed files' })
  await expect(files).toContainText('configuration.nix')
  await expect(files).toContainText('flake.lock')
  const inputs = comparison(page).getByRole('list', { name: 'Changed inputs' })
  await expect(inputs).toContainText('nixpkgs')
  await expect(inputs).toContainText('1111111 → 2222222')
  const editor = page.getByTestId('source-diff-editor')
  await expect(editor.locator('.monaco-diff-editor')).toBeVisible()
  await expect(editor).toContainText('programs.editor.enable')
  // The diff is computed in a worker; wait for its highlight before the picture.
  await expect(editor.locator('.line-insert, .char-insert').first()).toBeVisible()
  await screenshot(page, 'generations-source.png')
})
