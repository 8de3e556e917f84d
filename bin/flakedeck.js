#!/usr/bin/env node
// Launcher for the built CLI (out/main/cli.js); `npm run build` makes it. A command with a quick
// path (out/main/quick-NAME.js, one file, no SQLite) tries it first, before cli.js and its chunks
// load; it hands over (null) when only the full command can answer.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    `flakedeck: not built yet (no ${fileURLToPath(cli)}). Run "npm run build" in the checkout first.\n`,
  )
  process.exit(1)
}
const [name, ...rest] = process.argv.slice(2)
if (name !== undefined && /^[a-z]+$/.test(name)) {
  const quick = new URL(`../out/main/quick-${name}.js`, import.meta.url)
  if (existsSync(fileURLToPath(quick))) {
    const code = await (await import(quick.href)).main(rest)
    if (code !== null) process.exit(code)
  }
}
await import(cli.href)
