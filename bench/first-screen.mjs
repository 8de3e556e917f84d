#!/usr/bin/env node
// The first-screen benchmark (`node bench/first-screen.mjs`): how soon the built app shows
// something in headless Chromium against `flakedeck serve`, each load in a fresh browser context
// (an empty cache, as a first visit):
//   - navigation → the open-repo screen (no repo given), goal under 300 ms;
//   - navigation → an editable editor showing flake.nix (the repo given with --flake, its last
//     session's tab restored), goal under 1.0 s.
// Times are the page's own clock (performance.now(), from the navigation's start), read in the
// frame the element appears. Medians of several interleaved rounds. Also reports the size of the
// script index.html loads first (the main chunk) and of the whole renderer build. Writes
// bench/results/first-screen-latest.json.
//
// Options: --rounds N (default 15), --build (rebuild first; a missing build is always made).
// Needs git, nix (the app's status asks it), Chromium (/usr/bin/chromium or FLAKEDECK_CHROMIUM)
// and the built app (out/).
/* global document -- in the functions run inside the page */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { commitFolder } from './lib/git.mjs'
import { gitCommit, machine, printLoadAverage, versionOf, writeResults } from './lib/results.mjs'
import {
  benchOptions,
  chromiumPath,
  cli,
  ensureBuilt,
  fail,
  offlineNixConfig,
  requireChromium,
  root,
  roundsOf,
  workFolder,
} from './lib/setup.mjs'
import { interleavedRounds, printTable, stats } from './lib/stats.mjs'
import { chromiumArgs, startServe } from './serve.mjs'

const options = benchOptions()
const rounds = roundsOf(options, 15)
const goals = { screenMs: 300, editorMs: 1000 }

requireChromium()
ensureBuilt(options.build, join('out', 'renderer', 'index.html'))

// ---------------------------------------------------------------------------------------------
// What the first load fetches: the script and style index.html names, and the whole build.

const assets = join(root, 'out', 'renderer', 'assets')
const indexHtml = readFileSync(join(root, 'out', 'renderer', 'index.html'), 'utf8')
const entryScript = /<script[^>]+src="\.\/assets\/([^"]+\.js)"/.exec(indexHtml)?.[1]
if (!entryScript) fail('out/renderer/index.html names no script.')
const sizeOf = (file) => statSync(join(assets, file)).size
const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'))
const sizes = {
  mainChunkBytes: sizeOf(entryScript),
  allScriptBytes: scripts.reduce((sum, f) => sum + sizeOf(f), 0),
  largestChunks: scripts
    .map((file) => ({ file, bytes: sizeOf(file) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5),
}

// ---------------------------------------------------------------------------------------------
// A flake repo, and the app served twice: without a repo (the open screen) and with it.

let cleanup = async () => undefined
const work = workFolder('flakedeck-bench-first-', () => {
  cleanup().finally(() => process.exit(130))
})
const env = { ...process.env, NIX_CONFIG: offlineNixConfig(work, ['build-users-group =']) }
const repo = join(work, 'nixos-config')
mkdirSync(repo)
writeFileSync(
  join(repo, 'flake.nix'),
  `{
  description = "first-screen bench";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, nixpkgs }: {
    nixosConfigurations.box = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./configuration.nix ];
    };
  };
}
`,
)
writeFileSync(
  join(repo, 'configuration.nix'),
  '{ pkgs, ... }: {\n  networking.hostName = "box";\n}\n',
)
commitFolder(repo, 'a small flake')

const openScreenApp = await startServe({ cli, env, dataDir: mkdtempSync(join(work, 'data-')) })
const repoApp = await startServe({
  cli,
  env,
  dataDir: mkdtempSync(join(work, 'data-')),
  args: ['--flake', repo],
})
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
})
cleanup = async () => {
  await browser.close().catch(() => undefined)
  await openScreenApp.stop()
  await repoApp.stop()
}

/**
 * Loads `url` in a fresh context and returns the page's clock when `ready` (run in the page every
 * frame) first holds.
 */
async function timeUntil(url, ready, arg) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    await page.goto(url.href, { waitUntil: 'commit' })
    const handle = await page.waitForFunction(ready, arg, { polling: 'raf', timeout: 30_000 })
    return await handle.jsonValue()
  } finally {
    await context.close()
  }
}

/**
 * The open-repo screen: its path field is on screen. Returns when, and when the first script and
 * the app's status (the first core call) had arrived, to see where the time goes.
 */
function openScreenShown() {
  const field = document.getElementById('repo-path')
  if (!field || field.getBoundingClientRect().height === 0) return false
  const resources = performance.getEntriesByType('resource')
  const entry = (test) => resources.find((r) => test(r.name))
  const status = entry((name) => name.endsWith('/api/app.status'))
  return {
    ms: performance.now(),
    script: entry((name) => /\/assets\/index-[^/]*\.js$/.test(name))?.responseEnd ?? null,
    statusAsked: status?.startTime ?? null,
    status: status?.responseEnd ?? null,
  }
}

/**
 * An editor that takes typing: Monaco's text box (a textarea, or with Chromium's EditContext a
 * div), not read-only, with the file's text drawn (Monaco draws spaces as no-break spaces:
 * `text` has none).
 */
function editorEditable(text) {
  const editor = document.querySelector('[data-testid="code-editor"] .monaco-editor')
  const input = editor?.querySelector('[role="textbox"]')
  const lines = editor?.querySelector('.view-lines')
  if (!input || input.getAttribute('aria-readonly') === 'true' || input.readOnly) return false
  if (!lines?.textContent?.includes(text)) return false
  const resources = performance.getEntriesByType('resource')
  const answered = (test) => resources.findLast((r) => test(r.name))?.responseEnd ?? null
  return {
    ms: performance.now(),
    monaco: answered((name) => /\/assets\/editor\.api-[^/]*\.js$/.test(name)),
    session: answered((name) => name.endsWith('/api/session.get')),
    file: answered((name) => name.endsWith('/api/files.read')),
  }
}

process.stdout.write('Opening flake.nix once, so later loads restore its tab…\n')
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(repoApp.url.href)
  await page
    .getByRole('treeitem', { name: 'flake.nix' })
    .getByRole('button', { name: 'flake.nix' })
    .click()
  await page
    .waitForFunction(editorEditable, 'first-screen', { polling: 'raf', timeout: 30_000 })
    .catch(async () => {
      const shown = await page.evaluate(() => document.body.innerText.slice(0, 2000))
      fail(`flake.nix did not open in an editor; the page shows:\n${shown}`)
    })
  // The session (open tabs) is stored a moment after it changes.
  await page.waitForTimeout(2000)
  await context.close()
}

/** When the open screen's script and status call had arrived, per load (ms from navigation). */
const parts = { script: [], statusAsked: [], status: [] }
/** When Monaco's main chunk, the session and the file's text had arrived, per editor load. */
const editorParts = { monaco: [], session: [], file: [] }
const cases = [
  {
    id: 'open-screen',
    label: 'navigation → open-repo screen',
    run: async () => {
      const shown = await timeUntil(openScreenApp.url, openScreenShown)
      parts.script.push(shown.script)
      parts.statusAsked.push(shown.statusAsked)
      parts.status.push(shown.status)
      return shown.ms
    },
  },
  {
    id: 'editor',
    label: 'navigation → editable editor (flake.nix)',
    run: async () => {
      const shown = await timeUntil(repoApp.url, editorEditable, 'first-screen')
      editorParts.monaco.push(shown.monaco)
      editorParts.session.push(shown.session)
      editorParts.file.push(shown.file)
      return shown.ms
    },
  },
]

process.stdout.write(`Measuring ${cases.length} loads, ${rounds} interleaved rounds…\n`)
let samples
try {
  // The unmeasured load of each case has the server's first answers: its parts are not kept.
  samples = await interleavedRounds(cases, rounds, {
    afterWarmUp: () => {
      for (const list of [...Object.values(parts), ...Object.values(editorParts)]) list.length = 0
    },
  })
} finally {
  await cleanup()
}

// ---------------------------------------------------------------------------------------------
// Report

const rows = cases.map((c) => ({ id: c.id, label: c.label, ...stats(samples[c.id]) }))
const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
const verdicts = [
  {
    goal: `open-repo screen under ${goals.screenMs} ms`,
    ms: byId['open-screen'].median,
    met: byId['open-screen'].median < goals.screenMs,
  },
  {
    goal: `editable editor under ${goals.editorMs} ms`,
    ms: byId.editor.median,
    met: byId.editor.median < goals.editorMs,
  },
]
const num = (v) => `${v.toFixed(1)} ms`.padStart(10)
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`
printTable(rows)
const partsOf = (values) => stats(values.filter((v) => v !== null)).median
process.stdout.write(
  `  (open screen: its script had arrived at ${partsOf(parts.script)} ms, app.status was ` +
    `asked at ${partsOf(parts.statusAsked)} ms and answered at ${partsOf(parts.status)} ms)\n`,
)
process.stdout.write(
  `  (editor: Monaco's main chunk had arrived at ${partsOf(editorParts.monaco)} ms, the ` +
    `session at ${partsOf(editorParts.session)} ms, the file's text at ${partsOf(editorParts.file)} ms)\n`,
)
process.stdout.write('\nGoals (medians):\n')
for (const v of verdicts) {
  process.stdout.write(`  ${v.goal.padEnd(36)}${num(v.ms)}  ${v.met ? 'met' : 'NOT MET'}\n`)
}
process.stdout.write(
  `\nMain chunk (${entryScript}): ${mib(sizes.mainChunkBytes)}; all scripts: ${mib(sizes.allScriptBytes)}\n`,
)
printLoadAverage()

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: machine({ chromium: versionOf(chromiumPath) }),
  rounds,
  sizes: { mainChunk: entryScript, ...sizes },
  results: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
  goals: verdicts,
  samples,
  openScreenParts: parts,
  editorParts,
}
writeResults('first-screen-latest.json', results)
process.stdout.write(`\nWrote bench/results/first-screen-latest.json\n`)
