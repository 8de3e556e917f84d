// Launches the real desktop app. Runs wherever an Electron binary is installed; on machines
// where it could not be downloaded, it is skipped and says why.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { makeRepo, minimalFlake } from '../helpers/git-repo'
import { testNixConfig } from '../helpers/nix-env'
import { electronBinary, electronVersion } from './electron-binary'

const root = resolve(import.meta.dirname, '../..')
const binary = electronBinary()
const sqliteForElectron = join(
  root,
  '.native',
  `electron-${electronVersion()}`,
  'better_sqlite3.node',
)

test('the desktop app opens a repo in a locked-down window', async () => {
  const reason =
    'missing' in binary
      ? binary.missing
      : !existsSync(sqliteForElectron)
        ? `better-sqlite3 has no build for Electron's ABI at ${sqliteForElectron}: run "node scripts/native-for-electron.mjs" (npm start does).`
        : null
  if (reason) console.warn(`Electron launch test skipped: ${reason}`)
  test.skip(reason !== null, reason ?? '')
  const work = mkdtempSync(join(tmpdir(), 'flakedeck-electron-'))
  const repo = makeRepo(join(work, 'nixos-config'), { 'flake.nix': minimalFlake })
  const app = await electron.launch({
    executablePath: 'path' in binary ? binary.path : undefined,
    args: [join(root, 'out/main/index.js'), '--flake', repo, '--no-sandbox'],
    env: { ...process.env, FLAKEDECK_DATA_DIR: join(work, 'data'), NIX_CONFIG: testNixConfig() },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByTestId('status-repo')).toHaveText(/nixos-config/)
    // The page has no Node and no generic invoke.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    expect(
      await window.evaluate(() =>
        Object.keys((window as unknown as { flakedeck: { methods: object } }).flakedeck.methods),
      ),
    ).toContain('repo.open')
  } finally {
    await app.close()
    rmSync(work, { recursive: true, force: true })
  }
})
