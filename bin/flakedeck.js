#!/usr/bin/env node
// Launcher for the built CLI (out/main/cli.js); `npm run build` makes it. A command with a quick
// path (out/main/quick-NAME.cjs, one file, no SQLite) tries it first, before cli.js and its chunks
// load; it hands over (null) when only the full command can answer. CommonJS (bin/package.json):
// an ES module as the entry costs node about 5 ms more to start, a tenth of a quick command.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file, as said above */
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

const out = join(__dirname, '..', 'out', 'main')
const cli = join(out, 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write(
    `flakedeck: not built yet (no ${cli}). Run "npm run build" in the checkout first.\n`,
  )
  process.exit(1)
}
const [name, ...rest] = process.argv.slice(2)
const quick = name !== undefined && /^[a-z]+$/.test(name) ? join(out, `quick-${name}.cjs`) : null
const answered = quick && existsSync(quick) ? require(quick).main(rest) : Promise.resolve(null)
answered.then(
  (code) => (code === null ? import(pathToFileURL(cli).href) : process.exit(code)),
  (error) => {
    process.stderr.write(`flakedeck: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
