#!/usr/bin/env node
// The prediction benchmark (`node bench/predict.mjs`, part of `npm run bench`): on a host of
// 3,000 packages (from a local input repository; an update bumps 300 of them), the time of one
// `nix eval …toplevel.drvPath` against a whole prediction through the running app
// (`flakedeck serve`, predict.run: both evaluations, both derivation closures, the store's facts,
// nix's dry run, the comparison), the comparison alone (in this process, on the two closures nix
// printed, apart from reading them), and a prediction asked again (answered from what the app remembers). Figures are
// medians of interleaved rounds; nix's evaluation cache is off, so every evaluation is real.
//
// Options: --rounds N (default 7), --packages N (default 3000), --build (rebuild the app first).
import { execFileSync, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { writeResults } from './lib/results.mjs'
import {
  benchOptions,
  cli,
  ensureBuilt,
  fail,
  offlineNixConfig,
  root,
  workFolder,
} from './lib/setup.mjs'
import { median } from './lib/stats.mjs'
import { startServe } from './serve.mjs'

setFlagsFromString('--expose-gc')
/** A full garbage collection, on demand (node's gc(), without starting node with a flag). */
const collectGarbage = runInNewContext('gc')
const options = benchOptions({ packages: { type: 'string' } })
const rounds = Math.max(3, Number(options.rounds ?? 7))
const packages = Math.max(10, Number(options.packages ?? 3000))
const bumped = Math.round(packages / 10)

ensureBuilt(options.build)

const work = workFolder('flakedeck-bench-predict-')
const nixConfig = offlineNixConfig(work, ['build-users-group =', 'eval-cache = false'])
const env = { ...process.env, NIX_CONFIG: nixConfig }

const run = (command, args, cwd) =>
  execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
  })
const git = (cwd, ...args) =>
  run('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@flakedeck.invalid', ...args], cwd)

// ---------------------------------------------------------------------------------------------
// The fixture: packages shaped like stdenv's (runtime inputs in buildInputs, a compiler in
// nativeBuildInputs), each depending on one earlier package, all chosen in the system path.

const system = run('nix', ['eval', '--impure', '--raw', '--expr', 'builtins.currentSystem']).trim()
const nonce = randomUUID()
const pkgsNix = (bump) => `{ system }:
let
  mk = name: deps: tools: builtins.derivation {
    inherit name system;
    nonce = "${nonce}";
    buildInputs = deps;
    nativeBuildInputs = tools;
    builder = "/bin/sh";
    args = [ "-c" "/bin/mkdir -p $out; for d in $buildInputs; do echo $d >> $out/deps; done" ];
  };
  cc = mk "cc-13.2" [ ] [ ];
  all = builtins.genList (i:
    mk "pkg\${toString i}-\${if i < ${bump} then "1.1" else "1.0"}"
      (if i == 0 then [ ] else [ (builtins.elemAt all (i / 2)) ]) [ cc ]) ${packages};
in { chosen = all; kernel = mk "linux-6.6.30" [ ] [ cc ]; }
`
const pkgsRepo = join(work, 'pkgs')
mkdirSync(pkgsRepo)
git(pkgsRepo, 'init', '-q', '-b', 'main')
writeFileSync(
  join(pkgsRepo, 'flake.nix'),
  '{ outputs = { self }: { lib.pkgsFor = system: import ./default.nix { inherit system; }; }; }\n',
)
writeFileSync(join(pkgsRepo, 'default.nix'), pkgsNix('0'))
git(pkgsRepo, 'add', '-A')
git(pkgsRepo, 'commit', '-q', '-m', 'base')
git(pkgsRepo, 'checkout', '-q', '-b', 'bump')
writeFileSync(join(pkgsRepo, 'default.nix'), pkgsNix(String(bumped)))
git(pkgsRepo, 'commit', '-q', '-am', 'bump')
const bumpRev = git(pkgsRepo, 'rev-parse', 'HEAD').trim()
git(pkgsRepo, 'checkout', '-q', 'main')

const repo = join(work, 'flake')
mkdirSync(repo)
git(repo, 'init', '-q', '-b', 'main')
writeFileSync(
  join(repo, 'flake.nix'),
  `{
  inputs.pkgs.url = "git+file://${pkgsRepo}?ref=main";
  outputs = { self, pkgs }: let p = pkgs.lib.pkgsFor "${system}"; in {
    nixosConfigurations.demo.config.system.build.toplevel = builtins.derivation {
      name = "nixos-system-demo-24.05"; system = "${system}"; builder = "/bin/sh";
      kernel = p.kernel;
      systemPath = builtins.derivation {
        name = "system-path"; system = "${system}"; builder = "/bin/sh"; paths = p.chosen;
        args = [ "-c" "/bin/mkdir -p $out; for p in $paths; do echo $p >> $out/packages; done" ];
      };
      args = [ "-c" "/bin/mkdir -p $out; /bin/ln -s $systemPath $out/sw; /bin/ln -s $kernel $out/kernel" ];
    };
  };
}
`,
)
git(repo, 'add', '-A')
run('nix', ['flake', 'lock'], repo)
git(repo, 'add', '-A')
git(repo, 'commit', '-q', '-m', 'system')
const attr = `${repo}#nixosConfigurations.demo.config.system.build.toplevel.drvPath`
const bumpUrl = `git+file://${pkgsRepo}?ref=bump&rev=${bumpRev}`
process.stdout.write(`Fixture: ${packages} packages, an update bumping ${bumped} of them.\n`)

// ---------------------------------------------------------------------------------------------
// The comparison alone, from the app's own modules bundled for this process.

const bundle = join(work, 'compare.mjs')
const entry = join(work, 'compare-entry.ts')
writeFileSync(
  entry,
  [
    ...['derivation-graph', 'runtime-closure', 'predict-diff', 'local-realise'].map((m) =>
      join(root, 'src/shared/predict', `${m}.ts`),
    ),
    join(root, 'src/main/services/predict/derivation-reader.ts'),
  ]
    .map((file) => `export * from ${JSON.stringify(file)}`)
    .join('\n'),
)
const bundled = spawnSync(
  join(root, 'node_modules', '.bin', 'rolldown'),
  [entry, '--file', bundle, '--format', 'esm', '--platform', 'node'],
  { cwd: root, encoding: 'utf8' },
)
if (bundled.status !== 0) fail(`could not bundle the comparison: ${bundled.stderr}`)
const compare = await import(pathToFileURL(bundle).href)

// ---------------------------------------------------------------------------------------------
// Rounds

const timed = (work) => {
  const started = performance.now()
  const value = work()
  return { ms: performance.now() - started, value }
}

// The built UI, named: serve looks for it beside its own module, which a build may put in a
// chunk folder.
const app = await startServe({
  cli,
  env: { ...env, FLAKEDECK_RENDERER_DIR: join(root, 'out', 'renderer') },
  dataDir: join(work, 'data'),
})
const figures = { eval: [], predict: [], parse: [], compare: [], compareCpu: [], cached: [] }
try {
  await app.call('repo.open', { path: repo })
  const change = { kind: 'overrides', overrides: [{ input: 'pkgs', url: bumpUrl }] }
  const request = (refresh) => ({
    repo,
    host: 'demo',
    change,
    requestId: randomUUID(),
    refresh,
  })
  const first = await app.call('predict.run', request(true))
  if (!first.ok) fail(`the prediction failed: ${first.error.message}`)
  const { beforeDrv, afterDrv, system: predicted } = first.prediction
  const facts = { references: new Map(), sizes: new Map() }
  /** Reads both closures afresh (a new reader keeps nothing), then compares them, timed. */
  const readAndCompare = async () => {
    // As the app reads them the first time: every .drv file of both closures, read and parsed.
    const reader = new compare.DerivationReader('/nix/store')
    const started = performance.now()
    const graphs = await Promise.all([beforeDrv, afterDrv].map((drv) => reader.closure(drv)))
    // The collection that moves what was just read out of the young generation is the reading's
    // cost: paid here, it is not charged to the comparison's first allocations.
    collectGarbage()
    const parse = performance.now() - started
    if (graphs.includes(null)) fail('the .drv files could not be read.')
    const cpuBefore = process.cpuUsage()
    const comparison = timed(() => {
      const closures = graphs.map((graph, i) =>
        compare.predictRuntimeClosure(graph, i === 0 ? beforeDrv : afterDrv, facts),
      )
      const system = compare.diffSystems(closures[0], closures[1], facts.sizes)
      compare.diffBuildOnly(
        { graph: graphs[0], closure: closures[0] },
        { graph: graphs[1], closure: closures[1] },
      )
      compare.countToBuild(graphs[1], afterDrv, (path) => facts.references.has(path))
      return { system, drvs: graphs.map((g) => g.size) }
    })
    const cpu = process.cpuUsage(cpuBefore)
    return {
      parse,
      ms: comparison.ms,
      cpu: (cpu.user + cpu.system) / 1000,
      value: comparison.value,
    }
  }
  // One round unmeasured, as the app's first prediction warms the server: the comparison's
  // code is then compiled, as it is in an app that has predicted once.
  await readAndCompare()
  let compared = null
  for (let round = 0; round < rounds; round++) {
    figures.eval.push(timed(() => run('nix', ['eval', '--raw', attr], repo)).ms)
    figures.predict.push((await app.timedCall('predict.run', request(true))).ms)
    const measured = await readAndCompare()
    figures.parse.push(measured.parse)
    figures.compare.push(measured.ms)
    figures.compareCpu.push(measured.cpu)
    compared = measured.value
    for (let i = 0; i < 5; i++) {
      figures.cached.push((await app.timedCall('predict.run', request(false))).ms)
    }
  }
  const upgraded = predicted.totals.counts.upgraded
  process.stdout.write(
    `Closures of ${compared.drvs.join(' and ')} derivations; ${upgraded} packages upgraded.\n`,
  )
} finally {
  await app.stop()
}

const evalMs = median(figures.eval)
const rows = [
  ['`nix eval …toplevel.drvPath` of the host', median(figures.eval), '1'],
  [
    'a prediction through the running app (`predict.run`, refresh)',
    median(figures.predict),
    `${(median(figures.predict) / evalMs).toFixed(2)}× (limit 2.2× + 300 ms = ${((2.2 * evalMs + 300) / evalMs).toFixed(2)}×)`,
  ],
  ['reading both closures (their .drv files, 2 × 3,000, and a GC)', median(figures.parse), ''],
  [
    'the comparison: split each closure, compare system and build, count builds',
    median(figures.compare),
    'limit 50 ms',
  ],
  [
    'the same, in CPU time (what a busy machine does not inflate as much)',
    median(figures.compareCpu),
    '',
  ],
  ['the same prediction asked again (HTTP round trip)', median(figures.cached), 'limit 20 ms'],
]
process.stdout.write(
  `\nLoad average while measuring: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.\n`,
)
for (const [label, ms, ratio] of rows) {
  process.stdout.write(`${label.padEnd(66)} ${ms.toFixed(1).padStart(9)} ms   ${ratio}\n`)
}
const within =
  median(figures.predict) <= 2.2 * evalMs + 300 &&
  median(figures.compare) < 50 &&
  median(figures.cached) < 20
process.stdout.write(within ? '\nAll within the limits.\n' : '\nOutside a limit (see above).\n')
writeResults('predict-latest.json', {
  packages,
  bumped,
  rounds,
  load: loadavg()[0],
  figures,
  within,
})
