import { defineConfig } from '@playwright/test'
import { nixVersionsUnderTest, type NixVersionsUnderTest } from './tests/helpers/nix-versions.ts'

export const chromiumPath = process.env.FLAKEDECK_CHROMIUM ?? '/usr/bin/chromium'

// The browser-mode suites run once per nix version (tests/helpers/nix-versions.ts), as projects
// named after it; tests/e2e/nix-test.ts puts that nix first on PATH. Workers load this file too:
// the versions are found once and passed on.
const found = process.env.FLAKEDECK_NIX_UNDER_TEST
const nix = found ? (JSON.parse(found) as NixVersionsUnderTest) : nixVersionsUnderTest()
if (!found) {
  process.env.FLAKEDECK_NIX_UNDER_TEST = JSON.stringify(nix)
  for (const v of nix.versions) console.log(`playwright: browser suites run under nix ${v.version}`)
  for (const reason of nix.skipped) console.warn(`playwright: not testing against ${reason}`)
}

export default defineConfig<object, { nixBinDir: string }>({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    ...nix.versions.map((version) => ({
      name: `nix ${version.version}`,
      testIgnore: 'electron.spec.ts',
      use: { nixBinDir: version.binDir },
    })),
    // The desktop window needs no nix of its own: it runs once.
    { name: 'electron', testMatch: 'electron.spec.ts' },
  ],
})
