#!/usr/bin/env node
// The command-line start-up benchmark (`node bench/cli.mjs`): the built `flakedeck inputs --json`
// on a flake with a 109-node flake.lock against `nix flake metadata --json` on the same flake,
// and `flakedeck --help` against `node -e 1` (node's own start-up). Every figure is the median of
// several runs taken in interleaved rounds, so load on the machine hits all of them alike.
// Prints a table and the ratios, and writes them to bench/results/cli-latest.json.
//
// Options: --rounds N (default 21), --build (rebuild first; a missing build is always made).
// Needs nix, git and the built app (out/). The flake is made here: 36 GitHub inputs with two
// inputs each (109 nodes, as a real-world desktop configuration), locked by hand with made-up
// revisions. nix accepts a complete lock without fetching anything, so both commands run offline.
import Database from 'better-sqlite3'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { timed as timedIn } from './lib/processes.mjs'
import { commitFolder } from './lib/git.mjs'
import { gitCommit, machine, printLoadAverage, writeResults } from './lib/results.mjs'
import {
  benchOptions,
  cli,
  ensureBuilt,
  fail,
  offlineNixConfig,
  roundsOf,
  workFolder,
} from './lib/setup.mjs'
import { interleavedRounds, printTable, stats } from './lib/stats.mjs'

const options = benchOptions()
const rounds = roundsOf(options, 21)
ensureBuilt(options.build)

const work = workFolder('flakedeck-bench-cli-')
const nixConfig = offlineNixConfig(work, ['build-users-group ='])
// NODE_EXTRA_CA_CERTS makes node read a certificate bundle at start-up (about 40 ms of CPU with
// the system's bundle); both node processes (flakedeck and `node -e 1`) run without it, as on a
// typical machine, and nix (which does not read it) runs in the same environment.
const env = { ...process.env, NIX_CONFIG: nixConfig, FLAKEDECK_DATA_DIR: join(work, 'data') }
delete env.NODE_EXTRA_CA_CERTS

// ---------------------------------------------------------------------------------------------
// The flake: 36 inputs, each with its own nixpkgs and utils (1 + 36 + 72 = 109 nodes).

const topLevel = 36
const flake = join(work, 'flake')
mkdirSync(flake)
const digest = (text) => createHash('sha256').update(text).digest()
const day = 86_400
const githubNode = (repo, ageDays) => ({
  locked: {
    lastModified: Math.floor(Date.now() / 1000) - ageDays * day,
    narHash: `sha256-${digest(`nar ${repo}`).toString('base64')}`,
    owner: 'bench',
    repo,
    rev: digest(`rev ${repo}`).toString('hex').slice(0, 40),
    type: 'github',
  },
  original: { owner: 'bench', repo, type: 'github' },
})
const nodes = {}
const rootInputs = {}
for (let i = 0; i < topLevel; i++) {
  const name = `input${i}`
  const own = {}
  for (const kid of ['nixpkgs', 'utils']) {
    nodes[`${name}_${kid}`] = githubNode(`${kid}${i % 9}`, 10 + i * 4)
    own[kid] = `${name}_${kid}`
  }
  nodes[name] = { ...githubNode(name, i * 5), inputs: own }
  rootInputs[name] = name
}
nodes.root = { inputs: rootInputs }
const nodeCount = Object.keys(nodes).length
writeFileSync(
  join(flake, 'flake.lock'),
  `${JSON.stringify({ nodes, root: 'root', version: 7 }, null, 2)}\n`,
)
const declarations = Object.keys(rootInputs)
  .map((name) => `    ${name}.url = "github:bench/${name}";`)
  .join('\n')
writeFileSync(
  join(flake, 'flake.nix'),
  `{\n  inputs = {\n${declarations}\n  };\n  outputs = { self, ... }: { };\n}\n`,
)
commitFolder(flake, 'a flake with a 109-node lock')

// ---------------------------------------------------------------------------------------------
// Measuring processes

/** Runs a command in the flake to the end with its output read; its wall time in ms. */
const timed = (command, args) => timedIn(command, args, { cwd: flake, env })

// The app's database, as a user has it, with the stale threshold set: `flakedeck generations`
// makes it (any profile will do), and the setting is written as the app writes it.
const dataDir = env.FLAKEDECK_DATA_DIR
spawnSync(process.execPath, [cli, 'generations', '--profile', join(work, 'no-profile')], { env })
const databaseFile = join(dataDir, 'flakedeck.sqlite')
if (!existsSync(databaseFile)) fail(`flakedeck made no database at ${databaseFile}.`)
const staleAfterDays = 45
const db = new Database(databaseFile)
db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(
  'inputAgeWarningDays',
  JSON.stringify(staleAfterDays),
)
db.close()

// Correctness first: both commands see the same lock, and flakedeck read all of it.
const metadata = JSON.parse(timed('nix', ['flake', 'metadata', '--json', flake]).stdout)
const report = JSON.parse(timed(process.execPath, [cli, 'inputs', '--json']).stdout)
const lockedNodes = Object.keys(metadata.locks.nodes).length
if (lockedNodes !== nodeCount)
  fail(`nix flake metadata saw ${lockedNodes} nodes, not ${nodeCount}.`)
if (report.inputs.length !== nodeCount - 1 || report.declaredInputs?.length !== topLevel) {
  fail(`flakedeck inputs listed ${report.inputs.length} inputs, not ${nodeCount - 1}.`)
}
if (report.staleAfterDays !== staleAfterDays) {
  fail(`flakedeck inputs used ${report.staleAfterDays} days, not the setting (${staleAfterDays}).`)
}
if (!timed(process.execPath, [cli, '--help']).stdout.includes('Usage: flakedeck')) {
  fail('flakedeck --help printed no usage.')
}

/** The cases measured in each round, in an order that rotates from round to round. */
const cases = [
  {
    id: 'nix-flake-metadata',
    label: `nix flake metadata --json (${nodeCount}-node lock)`,
    run: () => timed('nix', ['flake', 'metadata', '--json', flake]).ms,
  },
  {
    id: 'cli-inputs',
    label: `flakedeck inputs --json (${nodeCount}-node lock)`,
    run: () => timed(process.execPath, [cli, 'inputs', '--json']).ms,
  },
  {
    // The first run after the database changed (a setting saved in the app): no snapshot of the
    // settings yet, so the command reads SQLite (read-only) and leaves one.
    id: 'cli-inputs-database',
    label: `flakedeck inputs --json, database changed (reads SQLite)`,
    run: () => {
      rmSync(join(dataDir, 'read-snapshots'), { recursive: true, force: true })
      return timed(process.execPath, [cli, 'inputs', '--json']).ms
    },
  },
  {
    id: 'node-start',
    label: 'node -e 1 (node start-up)',
    run: () => timed(process.execPath, ['-e', '1']).ms,
  },
  {
    id: 'cli-help',
    label: 'flakedeck --help',
    run: () => timed(process.execPath, [cli, '--help']).ms,
  },
  {
    id: 'cli-inputs-help',
    label: 'flakedeck inputs --help',
    run: () => timed(process.execPath, [cli, 'inputs', '--help']).ms,
  },
]

process.stdout.write(`Measuring ${cases.length} commands, ${rounds} interleaved rounds…\n`)
const samples = await interleavedRounds(cases, rounds)

// ---------------------------------------------------------------------------------------------
// Report

const rows = cases.map((c) => ({ id: c.id, label: c.label, ...stats(samples[c.id]) }))
const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
const ratio = (id, base) => Math.round((byId[id].median / byId[base].median) * 100) / 100
const goals = [
  {
    goal: 'flakedeck inputs --json, no slower than nix flake metadata --json',
    ratio: ratio('cli-inputs', 'nix-flake-metadata'),
    target: '<= 1.00',
    met: ratio('cli-inputs', 'nix-flake-metadata') <= 1,
  },
  {
    goal: 'flakedeck --help, within 1.5x of node -e 1',
    ratio: ratio('cli-help', 'node-start'),
    target: '<= 1.50',
    met: ratio('cli-help', 'node-start') <= 1.5,
  },
]

printTable(rows)
process.stdout.write('\nRatios (median / median):\n')
for (const g of goals) {
  process.stdout.write(
    `  ${g.goal.padEnd(68)}${g.ratio.toFixed(2).padStart(6)}  goal ${g.target}  ${g.met ? 'met' : 'NOT MET'}\n`,
  )
}
printLoadAverage()

const nixVersion = execFileSync('nix', ['--version'], { encoding: 'utf8', env }).trim()
const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: machine({ nix: nixVersion }),
  rounds,
  lock: { nodes: nodeCount, topLevel },
  results: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
  ratios: goals,
  samples,
}
writeResults('cli-latest.json', results)
process.stdout.write(`\nWrote bench/results/cli-latest.json\n`)
