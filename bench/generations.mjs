#!/usr/bin/env node
// The Generations listing benchmark (`npm run bench`): a profile of 200 generations
// (../shared/bench/make-generations.sh), listed
// - by `nix-env --list-generations` (the yardstick);
// - by one read of the 200 closures from the local store's database (better-sqlite3, read-only,
//   in this process: the least any listing with closure sizes must read);
// - by a running app (`flakedeck serve`) the first time, its cache empty: POST generations.list,
//   each round on a fresh app and data dir (the app's start is not timed);
// - by `flakedeck generations --json` with its cache filled (warm): from the snapshot of the
//   database's facts the command keeps beside it, and with that snapshot removed (as after a pin
//   or a setting changed), when it reads SQLite.
// Every figure is the median of interleaved rounds. Goals (issue 14): the app's first listing
// at most 2x (nix-env + the database read); the warm command at most 1.5x nix-env.
//
// Prints a table and the ratios and writes them to bench/results/generations-latest.json.
// Options: --rounds N (default 11), --build (rebuild the app first; a missing build is made).
// Needs ../shared/bench/make-generations.sh, nix, and the built app (out/).
import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { timed as timedWith } from './lib/processes.mjs'
import { gitCommit, machine, writeResults } from './lib/results.mjs'
import {
  benchOptions,
  cli,
  ensureBuilt,
  fail,
  makeGenerationsScript,
  offlineNixConfig,
  roundsOf,
  say,
  workFolder,
} from './lib/setup.mjs'
import { interleavedRounds, median, round1, round2 } from './lib/stats.mjs'
import { startServe } from './serve.mjs'

const options = benchOptions()
const rounds = roundsOf(options, 11)
const generationCount = 200

const makeGenerations = makeGenerationsScript()
ensureBuilt(options.build)

const work = workFolder('flakedeck-bench-generations-')
const baseEnv = { ...process.env, NIX_CONFIG: offlineNixConfig(work) }
// Node's start is measured without NODE_EXTRA_CA_CERTS, as in bench/run.mjs.
const nodeEnv = { ...baseEnv }
delete nodeEnv.NODE_EXTRA_CA_CERTS

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

const timed = (command, args, env) =>
  timedWith(command, args, { env, maxBuffer: 256 * 1024 * 1024 })

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
    // The first listing after the database changed (a pin, a setting): no snapshot, so the
    // command opens SQLite and its caches, and leaves a snapshot for the next one.
    id: 'cli-list-database',
    label: 'flakedeck generations --json, warm, database changed',
    run: () => {
      rmSync(join(warmDir, 'read-snapshots'), { recursive: true, force: true })
      return flakedeck(listArgs, warmDir).ms
    },
  },
  {
    id: 'node-start',
    label: 'node -e 0 (node start-up, for scale)',
    run: () => timed(process.execPath, ['-e', '0'], nodeEnv).ms,
  },
]

say(`Measuring ${cases.length} cases, 1 warm-up + ${rounds} interleaved rounds…\n`)
const samples = await interleavedRounds(cases, rounds)

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
  commit: gitCommit(),
  machine: machine({
    nix: execFileSync('nix', ['--version'], { encoding: 'utf8', env: baseEnv }).trim(),
  }),
  rounds,
  profile: { generations: generationCount, packages: 100 },
  results: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
  ratios,
  samples,
}
writeResults('generations-latest.json', results)
say('\nWrote bench/results/generations-latest.json\n')
