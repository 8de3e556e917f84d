import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { modulePathForTests } from './tests/helpers/module-path-plugin.ts'
import {
  nixVersionsUnderTest,
  pathWith,
  type NixVersionsUnderTest,
} from './tests/helpers/nix-versions.ts'

// Suites that run nix run once per nix version (the machine's nix 2.8 and a modern nix, see
// tests/helpers/nix-versions.ts), each as a project named after the version, so the report says
// which nix every result came from. Pure unit tests run once.
// Vitest loads this file once per project too: the versions are found once and passed on.
const found = process.env.FLAKEDECK_NIX_UNDER_TEST
const nix = found ? (JSON.parse(found) as NixVersionsUnderTest) : nixVersionsUnderTest()
if (!found) {
  process.env.FLAKEDECK_NIX_UNDER_TEST = JSON.stringify(nix)
  for (const v of nix.versions)
    console.log(`vitest: nix suites run under nix ${v.version} (${v.binDir})`)
  for (const reason of nix.skipped) console.warn(`vitest: not testing against ${reason}`)
}

const nixSuites = ['tests/services/**/*.test.ts', 'tests/cli/**/*.test.ts']

export default defineConfig({
  plugins: [modulePathForTests(import.meta.dirname)],
  test: {
    // Real git and nix run in these suites; the machine has two cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        // The renderer's data layer and hooks, in a simulated DOM (Testing Library); the core is
        // mocked at the page's transport edge (api/client.ts).
        extends: true as const,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        extends: true as const,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
      ...nix.versions.map((version) => ({
        extends: true as const,
        test: {
          name: `nix ${version.version}`,
          include: nixSuites,
          globalSetup: ['tests/helpers/global-setup.ts'],
          env: { PATH: pathWith(version.binDir), FLAKEDECK_EXPECTED_NIX: version.version },
        },
      })),
    ],
  },
})
