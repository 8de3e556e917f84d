#!/usr/bin/env node
// The Generations listing benchmark (`npm run bench`): a profile of 200 generations
// (../shared/bench/make-generations.sh), listed
// - by `nix-env --list-generations` (the yardstick);
// - by one read of the 200 closures from the local store's database (better-sqlite3, read-only,
//   in this process: the least any listing with closure sizes must read);
// - by a running app (`flakedeck serve`) the first time, its cache empty: POST generations.list,
//   each round on a fresh app and data dir (the app's start is not timed);
// - by `flakedeck generations --json` with its cache filled (warm).
// Every figure is the median of interleaved rounds. Goals (issue 14): the app's first listing
// at most 2x (nix-env + the database read); the warm command at most 1.5x nix-env.
//
// Prints a table and the ratios and writes them to bench/results/generations-latest.json.
// Options: --rounds N (default 11), --build (rebuild the app first; a missing build is made).
// Needs ../shared/bench/make-generations.sh, nix, and the built app (out/).
import Database from 'better-sqlite3'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startServe } from './serve.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const makeGenerations = resolve(root, '../shared/bench/make-generations.sh')
const cli = join(root, 'bin', 'flakedeck.js')
const { values: options } = parseArgs({
  options: { rounds: { type: 'string' }, build: { type: 'boolean' } },
})
const rounds = Math.max(3, Number(options.rounds ?? process.env.BENCH_ROUNDS ?? 11))
const generationCount = 200

function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(1)
}
const say = (text) => process.stdout.write(text)

if (!existsSync(makeGenerations)) {
  fail(`${makeGenerations} is missing: the shared folder must sit at ../shared from the project.`)
}
if (options.build || !existsSync(join(root, 'out', 'main', 'cli.js'))) {
  say('Building the app (electron-vite build)…\n')
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) fail('the build failed.')
}

// Offline nix, as in bench/run.mjs.
const work = mkdtempSync(join(tmpdir(), 'flakedeck-bench-generations-'))
const registry = join(work, 'empty-registry.json')
writeFileSync(registry, JSON.stringify({ flakes: [], version: 2 }))
const baseEnv = {
  ...process.env,
  NIX_CONFIG: [
    'experimental-features = nix-command flakes',
    'sandbox = false',
    'substituters =',
    `flake-registry = ${registry}`,
  ].join('\n'),
}
// Node's start is measured without NODE_EXTRA_CA_CERTS, as in bench/run.mjs.
const nodeEnv = { ...baseEnv }
delete nodeEnv.NODE_EXTRA_CA_CERTS
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
process.on('SIGINT', () => process.exit(130))

say(`Making a profile of ${generationCount} generations with make-generations.sh…\n`)
const profileDir = join(work, 'profile-200-generations')
{
  const started = performance.now()
  execFileSync('bash', [makeGenerations, profileDir, '100', String(generationCount), '20'], {
    env: baseEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  say(`  ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}
const profile = join(profileDir, 'system')
const toplevels = Array.from({ length: generationCount }, (_, i) =>
  resolve(profileDir, readlinkSync(`${profile}-${i + 1}-link`)),
)

function timed(command, args, env) {
  const started = process.hrtime.bigint()
  const result = spawnSync(command, args, { env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`)
  }
  return { ms, stdout: result.stdout }
}

// The same query the app's StoreDatabase runs, for every toplevel, in one read transaction.
const storeDb = join(process.env.NIX_STATE_DIR || '/nix/var/nix', 'db', 'db.sqlite')
if (!existsSync(storeDb)) fail(`no store database at ${storeDb}.`)
const closureQuery = `
  WITH RECURSIVE closure(id) AS (
    SELECT id FROM ValidPaths WHERE path = ?
    UNION
    SELECT r.reference FROM Refs AS r JOIN closure AS c ON r.referrer = c.id
  )
  SELECT v.path AS path, coalesce(v.narSize, 0) AS narSize
  FROM closure AS c JOIN ValidPaths AS v ON v.id = c.id`
function databaseRead() {
  const started = process.hrtime.bigint()
  const db = new Database(storeDb, { readonly: true, fileMustExist: true })
  let paths = 0
  try {
    const closureOf = db.prepare(closureQuery)
    db.transaction(() => {
      for (const toplevel of toplevels) paths += closureOf.all(toplevel).length
    })()
  } finally {
    db.close()
  }
  if (paths === 0) fail('the store database holds none of the closures.')
  return Number(process.hrtime.bigint() - started) / 1e6
}

const flakedeck = (args, dataDir) =>
  timed(process.execPath, [cli, ...args], { ...nodeEnv, FLAKEDECK_DATA_DIR: dataDir })
const listArgs = ['generations', '--json', '--profile', profile]

// Correctness first: the command lists all 200 with their sizes; so does the app.
const warmDir = mkdtempSync(join(work, 'data-'))
const timeline = JSON.parse(flakedeck(listArgs, warmDir).stdout)
if (
  timeline.generations.length !== generationCount ||
  timeline.generations.some((g) => g.closureSize === null)
) {
  fail('the 200-generation timeline is incomplete.')
}

/** A fresh app on an empty data dir, its profile set: the first listing, timed over HTTP. */
async function appFirstListing() {
  const app = await startServe({ cli, env: nodeEnv, dataDir: mkdtempSync(join(work, 'data-')) })
  try {
    await app.call('settings.set', { profilePath: profile })
    const { ms, value } = await app.timedCall('generations.list', {})
    if (value.generations.some((g) => g.closureSize === null)) {
      fail('the app listed generations without their sizes.')
    }
    return ms
  } finally {
    await app.stop()
  }
}

const cases = [
  {
    id: 'nix-env-list',
    label: `nix-env --list-generations, ${generationCount} generations`,
    run: () => timed('nix-env', ['-p', profile, '--list-generations'], baseEnv).ms,
  },
  {
    id: 'store-db-read',
    label: `one read of the ${generationCount} closures from the store database`,
    run: () => databaseRead(),
  },
  {
    id: 'app-list-first',
    label: 'app: generations.list, first (closures not cached)',
    run: () => appFirstListing(),
  },
  {
    id: 'cli-list-warm',
    label: 'flakedeck generations --json, warm',
    run: () => flakedeck(listArgs, warmDir).ms,
  },
  {
    id: 'node-start',
    label: 'node -e 0 (node start-up, for scale)',
    run: () => timed(process.execPath, ['-e', '0'], nodeEnv).ms,
  },
]

say(`Measuring ${cases.length} cases, 1 warm-up + ${rounds} interleaved rounds…\n`)
const samples = Object.fromEntries(cases.map((c) => [c.id, []]))
for (const c of cases) await c.run()
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + round) % cases.length]
    samples[c.id].push(await c.run())
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const round1 = (v) => Math.round(v * 10) / 10
const round2 = (v) => Math.round(v * 100) / 100
const rows = cases.map((c) => ({
  id: c.id,
  label: c.label,
  median: round1(median(samples[c.id])),
  min: round1(Math.min(...samples[c.id])),
  max: round1(Math.max(...samples[c.id])),
}))
const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
const floor = byId['nix-env-list'].median + byId['store-db-read'].median
const ratios = [
  {
    id: 'app-first-vs-nix-env-plus-db',
    what: 'first listing in the app / (nix-env --list-generations + one database read)',
    value: round2(byId['app-list-first'].median / floor),
    goal: 2,
  },
  {
    id: 'cli-warm-vs-nix-env',
    what: 'flakedeck generations --json warm / nix-env --list-generations',
    value: round2(byId['cli-list-warm'].median / byId['nix-env-list'].median),
    goal: 1.5,
  },
]

const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2
const num = (v) => `${v.toFixed(1)} ms`.padStart(11)
say(
  `\n${''.padEnd(labelWidth)}${'median'.padStart(11)}${'min'.padStart(11)}${'max'.padStart(11)}\n`,
)
for (const r of rows)
  say(`${r.label.padEnd(labelWidth)}${num(r.median)}${num(r.min)}${num(r.max)}\n`)
say('\nRatios (median / median):\n')
for (const r of ratios) {
  const met = r.value <= r.goal ? 'met' : 'NOT MET'
  say(`  ${r.what.padEnd(84)}${r.value.toFixed(2).padStart(6)}  goal <= ${r.goal}  ${met}\n`)
}

const results = {
  date: new Date().toISOString(),
  commit: (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: root,
        encoding: 'utf8',
      }).trim()
    } catch {
      return null
    }
  })(),
  machine: {
    node: process.version,
    nix: execFileSync('nix', ['--version'], { encoding: 'utf8', env: baseEnv }).trim(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadavg: loadavg(),
  },
  rounds,
  profile: { generations: generationCount, packages: 100 },
  results: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
  ratios,
  samples,
}
const resultsDir = join(root, 'bench', 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(join(resultsDir, 'generations-latest.json'), `${JSON.stringify(results, null, 2)}\n`)
say('\nWrote bench/results/generations-latest.json\n')
