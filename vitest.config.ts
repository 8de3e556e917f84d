import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/services/**/*.test.ts', 'tests/cli/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Real git and nix run in these suites; the machine has two cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
