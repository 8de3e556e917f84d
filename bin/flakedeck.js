#!/usr/bin/env node
// Launcher for the built CLI (out/main/cli.js); `npm run build` makes it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    `flakedeck: not built yet (no ${fileURLToPath(cli)}). Run "npm run build" in the checkout first.\n`,
  )
  process.exit(1)
}
await import(cli.href)
