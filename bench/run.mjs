#!/usr/bin/env node
// The Generations benchmark (`npm run bench`): the built `flakedeck diff` command against
// `nix store diff-closures` on the same pair of a 2 x 3000-path profile, with an empty data dir
// (cold) and a filled cache (warm); the timeline of 200 generations from the cache; and, inside a
// running app (`flakedeck serve`), a comparison from its cache. Every figure is the median of
// several runs taken in interleaved rounds, so load on the machine hits all of them alike.
// Prints a table and the ratios, and writes them to bench/results/latest.json.
//
// Options: --rounds N (default 21), --build (rebuild first; a missing build is always made).
// Needs ../shared/bench/make-generations.sh, nix, and the built app (out/).
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
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
  workFolder,
} from './lib/setup.mjs'
import { interleavedRounds, printTable, stats } from './lib/stats.mjs'
import { startServe } from './serve.mjs'

const options = benchOptions()
const rounds = roundsOf(options, 21)
/** Requests to the running app per figure (they are quick). */
const appRuns = Math.max(rounds, 30)

const makeGenerations = makeGenerationsScript()
ensureBuilt(options.build)

const work = workFolder('flakedeck-bench-')
const nixConfig = offlineNixConfig(work)
const baseEnv = { ...process.env, NIX_CONFIG: nixConfig }
// NODE_EXTRA_CA_CERTS makes node read and parse a certificate bundle at start-up (some CI and
// sandbox images set it). The flakedeck runs are measured without it, as on a typical machine,
// and once more with it when it is set, so its cost shows on its own row.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS
const nodeEnv = { ...baseEnv }
delete nodeEnv.NODE_EXTRA_CA_CERTS

// ---------------------------------------------------------------------------------------------
// Profiles

function makeProfile(name, n, gens, k) {
  const dir = join(work, name)
  const started = performance.now()
  execFileSync('bash', [makeGenerations, dir, String(n), String(gens), String(k)], {
    env: baseEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  process.stdout.write(`  ${name}: ${gens} generations x ${n} packages (${seconds} s)\n`)
  return join(dir, 'system')
}

process.stdout.write('Making profiles with make-generations.sh…\n')
const profile = makeProfile('profile-3000x2', 3000, 2, 20)
const timelineProfile = makeProfile('profile-200-generations', 100, 200, 20)
const storePathOf = (number) =>
  execFileSync('readlink', ['-f', `${profile}-${number}-link`], { encoding: 'utf8' }).trim()
const [systemA, systemB] = [storePathOf(1), storePathOf(2)]

// ---------------------------------------------------------------------------------------------
// Measuring processes

/** Runs a command to the end with its output read, and returns the wall time in ms. */
const timed = (command, args, env) =>
  timedWith(command, args, { env, maxBuffer: 512 * 1024 * 1024 })

const freshDataDir = () => mkdtempSync(join(work, 'data-'))
const flakedeck = (args, dataDir, env = nodeEnv) =>
  timed(process.execPath, [cli, ...args], { ...env, FLAKEDECK_DATA_DIR: dataDir })

const diffArgs = ['diff', '1', '2', '--json', '--profile', profile]
const timelineArgs = ['generations', '--json', '--profile', timelineProfile]

// Correctness first: the cold and the warm run print the same comparison, and it is the pair.
const warmDir = freshDataDir()
const coldOutput = flakedeck(diffArgs, warmDir).stdout
const warmOutput = flakedeck(diffArgs, warmDir).stdout
if (coldOutput !== warmOutput)
  fail('the warm `flakedeck diff` printed something else than the cold one.')
const comparison = JSON.parse(coldOutput)
if (comparison.before.storePath !== systemA || comparison.after.storePath !== systemB) {
  fail('`flakedeck diff 1 2` compared other systems than generations 1 and 2.')
}
const nixDiff = timed('nix', ['store', 'diff-closures', systemA, systemB], baseEnv).stdout
const timelineDir = freshDataDir()
const timeline = JSON.parse(flakedeck(timelineArgs, timelineDir).stdout)
if (
  timeline.generations.length !== 200 ||
  timeline.generations.some((g) => g.closureSize === null)
) {
  fail('the 200-generation timeline is incomplete.')
}

/** The cases measured in each round, in an order that rotates from round to round. */
const cases = [
  {
    id: 'nix-diff-closures',
    label: 'nix store diff-closures A B (3000 x 2 paths)',
    run: () => timed('nix', ['store', 'diff-closures', systemA, systemB], baseEnv).ms,
  },
  {
    id: 'cli-diff-cold',
    label: 'flakedeck diff 1 2 --json, cold (empty data dir)',
    run: () => flakedeck(diffArgs, freshDataDir()).ms,
  },
  {
    id: 'cli-diff-cold-nix',
    label: '  cold, closures via nix path-info (STORE_QUERY=nix)',
    run: () => flakedeck(diffArgs, freshDataDir(), { ...nodeEnv, FLAKEDECK_STORE_QUERY: 'nix' }).ms,
  },
  {
    id: 'cli-diff-warm',
    label: 'flakedeck diff 1 2 --json, warm (cache filled)',
    run: () => flakedeck(diffArgs, warmDir).ms,
  },
  {
    id: 'cli-timeline-warm',
    label: 'flakedeck generations --json, 200 gens, warm',
    run: () => flakedeck(timelineArgs, timelineDir).ms,
  },
  {
    id: 'nix-env-list',
    label: 'nix-env --list-generations, 200 gens (for scale)',
    run: () => timed('nix-env', ['-p', timelineProfile, '--list-generations'], baseEnv).ms,
  },
  {
    id: 'node-start',
    label: 'node -e 0 (node start-up, for scale)',
    run: () => timed(process.execPath, ['-e', '0'], nodeEnv).ms,
  },
]
if (extraCerts) {
  const withCerts = { ...baseEnv, NODE_EXTRA_CA_CERTS: extraCerts }
  cases.push(
    {
      id: 'cli-diff-cold-extra-certs',
      label: 'flakedeck diff, cold, NODE_EXTRA_CA_CERTS set',
      run: () => flakedeck(diffArgs, freshDataDir(), withCerts).ms,
    },
    {
      id: 'cli-diff-warm-extra-certs',
      label: 'flakedeck diff, warm, NODE_EXTRA_CA_CERTS set',
      run: () => flakedeck(diffArgs, warmDir, withCerts).ms,
    },
    {
      id: 'node-start-extra-certs',
      label: 'node -e 0, NODE_EXTRA_CA_CERTS set',
      run: () => timed(process.execPath, ['-e', '0'], withCerts).ms,
    },
  )
}

process.stdout.write(`Measuring ${cases.length} commands, ${rounds} interleaved rounds…\n`)
const samples = await interleavedRounds(cases, rounds)

// ---------------------------------------------------------------------------------------------
// Inside the running app: `flakedeck serve`, asked over its HTTP API as the page asks it.

async function startApp(dataDir) {
  const app = await startServe({ cli, env: nodeEnv, dataDir })
  return { call: app.timedCall, stop: app.stop }
}

process.stdout.write(`Asking a running app (flakedeck serve), ${appRuns} requests per figure…\n`)
const app = await startApp(freshDataDir())
const appFigures = {}
try {
  await app.call('settings.set', { profilePath: profile })
  // The app's first comparison: nix detected, both closures read with nix path-info, stored.
  const first = await app.call('generations.compare', { before: 1, after: 2 })
  appFigures['app-compare-first'] = [first.ms]
  // The reverse pair: closures from the SQLite cache, the diff computed anew.
  appFigures['app-compare-closure-cache'] = [
    (await app.call('generations.compare', { before: 2, after: 1 })).ms,
  ]
  // The pair asked again: the comparison from the in-memory cache.
  const cached = []
  for (let i = 0; i < appRuns; i++) {
    cached.push((await app.call('generations.compare', { before: 1, after: 2 })).ms)
  }
  appFigures['app-compare-cached'] = cached
  appFigures['app-compare-bytes'] = first.bytes

  await app.call('settings.set', { profilePath: timelineProfile })
  appFigures['app-list-200-first'] = [(await app.call('generations.list', {})).ms]
  const lists = []
  for (let i = 0; i < appRuns; i++) lists.push((await app.call('generations.list', {})).ms)
  appFigures['app-list-200-cached'] = lists
} finally {
  await app.stop()
}

// ---------------------------------------------------------------------------------------------
// Report

const rows = [
  ...cases.map((c) => ({ id: c.id, label: c.label, ...stats(samples[c.id]) })),
  {
    id: 'app-compare-first',
    label: 'app: compare 1 2, first (nix path-info, fills cache)',
    ...stats(appFigures['app-compare-first']),
  },
  {
    id: 'app-compare-closure-cache',
    label: 'app: compare 2 1, closures cached, diff computed',
    ...stats(appFigures['app-compare-closure-cache']),
  },
  {
    id: 'app-compare-cached',
    label: 'app: compare 1 2 again, from cache',
    ...stats(appFigures['app-compare-cached']),
  },
  {
    id: 'app-list-200-first',
    label: 'app: list 200 gens, first (fills cache)',
    ...stats(appFigures['app-list-200-first']),
  },
  {
    id: 'app-list-200-cached',
    label: 'app: list 200 gens, from cache',
    ...stats(appFigures['app-list-200-cached']),
  },
]
const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
const nixMs = byId['nix-diff-closures'].median
const ratio = (id) => Math.round((byId[id].median / nixMs) * 100) / 100
const goals = [
  {
    goal: 'flakedeck diff, empty cache, no slower than nix store diff-closures',
    ratio: ratio('cli-diff-cold'),
    target: '<= 1.00',
    met: ratio('cli-diff-cold') <= 1,
  },
  {
    goal: 'flakedeck diff, cache filled, at least twice as fast',
    ratio: ratio('cli-diff-warm'),
    target: '<= 0.50',
    met: ratio('cli-diff-warm') <= 0.5,
  },
  {
    goal: 'in the running app, a comparison from cache under a tenth',
    ratio: ratio('app-compare-cached'),
    target: '< 0.10',
    met: ratio('app-compare-cached') < 0.1,
  },
]

printTable(rows)
process.stdout.write('\nRatios to nix store diff-closures (median / median):\n')
for (const g of goals) {
  process.stdout.write(
    `  ${g.goal.padEnd(72)}${g.ratio.toFixed(2).padStart(6)}  goal ${g.target}  ${g.met ? 'met' : 'NOT MET'}\n`,
  )
}
if (extraCerts) {
  process.stdout.write(
    `  (with NODE_EXTRA_CA_CERTS set, as in this environment, node starts ` +
      `${(byId['node-start-extra-certs'].median - byId['node-start'].median).toFixed(0)} ms later: ` +
      `cold ${ratio('cli-diff-cold-extra-certs').toFixed(2)}, warm ${ratio('cli-diff-warm-extra-certs').toFixed(2)})\n`,
  )
}
const changes = comparison.changes.length
process.stdout.write(
  `\nThe pair: ${comparison.totals.oldPathCount} → ${comparison.totals.newPathCount} paths, ` +
    `${changes} packages differ; diff-closures printed ${nixDiff.split('\n').length - 1} lines; ` +
    `the app's answer is ${(appFigures['app-compare-bytes'] / 1024).toFixed(0)} KiB of JSON.\n`,
)

const nixVersion = execFileSync('nix', ['--version'], { encoding: 'utf8', env: baseEnv }).trim()
const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: machine({ nix: nixVersion }, { nodeExtraCaCerts: Boolean(extraCerts) }),
  rounds,
  appRuns,
  profiles: {
    diff: { packages: 3000, generations: 2, pathsBefore: comparison.totals.oldPathCount, changes },
    timeline: { packages: 100, generations: 200 },
  },
  results: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
  ratios: goals,
  ratiosWithExtraCaCerts: extraCerts
    ? { cold: ratio('cli-diff-cold-extra-certs'), warm: ratio('cli-diff-warm-extra-certs') }
    : null,
  samples: {
    ...samples,
    ...Object.fromEntries(Object.entries(appFigures).filter(([, v]) => Array.isArray(v))),
  },
}
writeResults('latest.json', results)
process.stdout.write(`\nWrote bench/results/latest.json\n`)
