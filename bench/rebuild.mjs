#!/usr/bin/env node
// The Rebuild benchmark (`npm run bench`, after the Generations one): two measurements, each the
// median of several runs taken in interleaved rounds (the cases of a round in an order that
// rotates from round to round), so load on the machine hits all of them alike.
//
// 1. Output pipeline throughput. A flake host whose builder prints --lines lines (default
//    200,000) is built once with `nix build --log-format internal-json -v` and its log kept. That
//    log is replayed through the real app, `flakedeck serve` in headless Chromium, as a rebuild
//    (a custom rebuild command that cats it: pty, batching, nix's JSON parsed into progress and
//    text, the WebSocket, xterm.js writing and acknowledging), timed from the click on Rebuild to
//    the log's last line on the terminal's screen; against `cat` of the same log into a pty read
//    by a consumer that only counts lines. Then the same with a real build (a new nonce each
//    run): Flakedeck's rebuild (profile mode, build) against the same `nix build` run directly,
//    its log to /dev/null and into a bare pty.
// 2. Rebuild overhead. A small flake host of four dependent derivations (new nonce each run) is
//    built and switched to through Flakedeck (click on Rebuild to the outcome on screen; and over
//    the API without a page: POST rebuild.start to rebuild.finished on the WebSocket), against
//    the same three commands run directly (`nix build --out-link`, `nix-env -p --set`,
//    `switch-to-configuration switch`).
//
// Prints tables and ratios and writes them to bench/results/rebuild-latest.json.
// Options: --rounds N (default 5), --lines N (default 200000), --memory-lines N (the one build
// whose memory is measured, default 2000000; 0 skips it), --build (rebuild the app first; a
// missing build is always made). Needs nix, git, Chromium (/usr/bin/chromium or
// FLAKEDECK_CHROMIUM) and the built app (out/). --only switch runs the small switch's cases alone
// (no noisy build, no memory), compared in the same run, and writes rebuild-switch-latest.json;
// --only build runs the noisy build without a page against the same nix build in a pty (and the
// memory build unless --memory-lines 0), and writes rebuild-build-latest.json. Every run of the
// app's noisy build also notes the server's CPU time (utime + stime of its process, which load on
// the machine changes less than wall time) and the pty's nix build its exit beside its last line.
// --only page runs the noisy build with the page attached and without, against the same nix
// build in a pty, and writes rebuild-page-latest.json; every page-attached run also notes the
// CPU time of Chromium's processes (all of them, and its renderers: what the page costs).
/* global window, document, requestAnimationFrame, MutationObserver -- in the functions run inside the page */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { msSince as ms } from './lib/processes.mjs'
import { gitCommit, machine, versionOf, writeResults } from './lib/results.mjs'
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
  say,
  workFolder,
} from './lib/setup.mjs'
import { interleavedRounds, median, round1, round2, stats } from './lib/stats.mjs'
import { chromiumArgs, startServe } from './serve.mjs'
import pty from 'node-pty'
import { chromium } from 'playwright-core'
import WebSocket from 'ws'

const options = benchOptions({
  lines: { type: 'string' },
  'memory-lines': { type: 'string' },
  only: { type: 'string' },
})
if (options.only !== undefined && !['switch', 'build', 'page'].includes(options.only)) {
  fail(
    `--only takes "switch" (the small switch's cases alone), "build" (the noisy build without ` +
      `a page and in a pty) or "page" (the same, and with the page), not "${options.only}".`,
  )
}
const onlySwitch = options.only === 'switch'
const onlyBuild = options.only === 'build'
const onlyPage = options.only === 'page'
const rounds = roundsOf(options, 5, 1)
const noisyLines = Math.max(1000, Number(options.lines ?? 200_000))
const memoryLines = Math.max(0, Number(options['memory-lines'] ?? 2_000_000))
const benchStarted = performance.now()

requireChromium()
ensureBuilt(options.build)

let cleanup = async () => {}
let serveProcess = null
// A failure exits at once: the app must not outlive the bench (Chromium ends with its pipe).
// Registered before the work folder, so the app is stopped before its folder is removed.
process.on('exit', () => {
  if (serveProcess && serveProcess.exitCode === null) serveProcess.kill('SIGTERM')
})
// Builders run as nixbld users, so the work folder must be open to them.
const work = workFolder('flakedeck-bench-rebuild-', () => {
  void cleanup().finally(() => process.exit(130))
})
chmodSync(work, 0o755)
// A root nix without a nixbld group (this machine) builds as root.
const nixConfig = offlineNixConfig(work, ['build-users-group ='])
// NODE_EXTRA_CA_CERTS (set by some CI and sandbox images) costs every node start ~30 ms. Nothing
// timed here starts node (the app is started once, before any clock runs), so it is left out
// only to match bench/run.mjs.
const baseEnv = {
  ...process.env,
  NIX_CONFIG: nixConfig,
  GIT_AUTHOR_NAME: 'Flakedeck Bench',
  GIT_AUTHOR_EMAIL: 'bench@flakedeck.invalid',
  GIT_COMMITTER_NAME: 'Flakedeck Bench',
  GIT_COMMITTER_EMAIL: 'bench@flakedeck.invalid',
}
delete baseEnv.NODE_EXTRA_CA_CERTS

// The app's nix goes through a wrapper that notes when each nix command exits (bash's clock, no
// extra process after the exit), so the page's time of the last line on screen can be set
// against nix's exit. It costs each nix command a bash start (a few ms), so the direct cases
// that the app is compared with run their nix through it too.
const realNix = execFileSync('sh', ['-c', 'command -v nix'], {
  env: baseEnv,
  encoding: 'utf8',
}).trim()
const nixExits = join(work, 'nix-exits')
const nixStarts = join(work, 'nix-starts')
const wrapperDir = join(work, 'nix-wrapper')
mkdirSync(wrapperDir)
writeFileSync(
  join(wrapperDir, 'nix'),
  [
    `#!${execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim()}`,
    `echo "$EPOCHREALTIME" >> ${JSON.stringify(nixStarts)}`,
    `${JSON.stringify(realNix)} "$@"`,
    'status=$?',
    `echo "$EPOCHREALTIME" >> ${JSON.stringify(nixExits)}`,
    'exit $status',
    '',
  ].join('\n'),
)
chmodSync(join(wrapperDir, 'nix'), 0o755)
/** nix through the wrapper, for the direct cases: both sides pay its bash start. */
const wrappedNix = join(wrapperDir, 'nix')
const serveEnv = {
  ...baseEnv,
  PATH: `${wrapperDir}:${baseEnv.PATH ?? ''}`,
  // The built UI, named: serve looks for it beside its own module, which a build may put
  // in a chunk folder.
  FLAKEDECK_RENDERER_DIR: join(root, 'out', 'renderer'),
}
/** Epoch ms of the last nix exit the wrapper noted. */
function lastNixExit() {
  return lastNoted(nixExits)
}
/** Epoch ms of the last time `file` was noted in by the wrapper. */
function lastNoted(file) {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []
  return lines.length ? Number(lines.at(-1)) * 1000 : null
}

function run(command, args, extra = {}) {
  const result = spawnSync(command, args, {
    env: baseEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...extra,
  })
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr ?? ''}`)
  }
  return result.stdout ?? ''
}

// ---------------------------------------------------------------------------------------------
// The flake: two hosts without nixpkgs, built by /bin/sh. Every run writes a new nonce into the
// host's file and commits it, so its derivations are new and really build.

const system = run('nix', ['eval', '--impure', '--raw', '--expr', 'builtins.currentSystem'])
const repo = join(work, 'flake')
mkdirSync(join(repo, 'hosts'), { recursive: true })
writeFileSync(
  join(repo, 'flake.nix'),
  `{
  description = "Flakedeck rebuild benchmark";
  outputs = { self }: {
    nixosConfigurations.noisy = import ./hosts/noisy.nix;
    nixosConfigurations.chain = import ./hosts/chain.nix;
  };
}
`,
)

const hostHeader = (nonce) => `let
  system = "${system}";
  nonce = "${nonce}";
  step = name: script: deps: builtins.derivation {
    inherit name system nonce deps;
    builder = "/bin/sh";
    args = [ "-c" script ];
  };
  toplevel = host: deps: step "nixos-system-\${host}-24.05.bench" ''
    echo "assembling the system"
    /bin/mkdir -p $out/bin
    echo "24.05.bench" > $out/nixos-version
    /bin/cat > $out/bin/switch-to-configuration <<'ACTIVATE'
    #!/bin/sh
    echo "switch-to-configuration: $1"
    ACTIVATE
    /bin/chmod +x $out/bin/switch-to-configuration
    echo "bench-end-\${nonce}"
  '' deps;
`

/** A builder that prints `noisyLines` compiler-like lines (about 70 characters each). */
const noisyHost = (nonce, lines = noisyLines) => `${hostHeader(nonce)}  noisy = step "noisy-1.0" ''
    /usr/bin/seq -f 'noisy line %07.0f: cc -O2 -Wall -c src/module.c -o build/module.o' 1 ${lines}
    echo done > $out
  '' [ ];
in {
  config.system.build.toplevel = toplevel "noisy" [ noisy ];
}
`

/** Four dependent derivations, like tests/fixtures' 'chain'. */
const chainHost = (nonce) => `${hostHeader(nonce)}  phased = name: deps: step name ''
    echo '@nix {"action":"setPhase","phase":"configurePhase"}'
    echo "configuring \${name}"
    echo '@nix {"action":"setPhase","phase":"buildPhase"}'
    echo "compiling \${name}"
    echo \${name} > $out
  '' deps;
  lib = phased "lib-1.0" [ ];
  app = phased "app-2.0" [ lib ];
  tool = phased "tool-3.0" [ lib app ];
in {
  config.system.build.toplevel = toplevel "chain" [ lib app tool ];
}
`

run('git', ['init', '-q', repo])

/** Gives the host a new nonce, committed; returns the marker its toplevel's builder prints. */
function renew(host, lines = noisyLines) {
  const nonce = randomUUID()
  writeFileSync(
    join(repo, 'hosts', 'noisy.nix'),
    noisyHost(host === 'noisy' ? nonce : 'idle', lines),
  )
  writeFileSync(join(repo, 'hosts', 'chain.nix'), chainHost(host === 'chain' ? nonce : 'idle'))
  run('git', ['add', '-A'], { cwd: repo })
  run('git', ['commit', '-q', '-m', `${host} ${nonce}`], { cwd: repo })
  return `bench-end-${nonce}`
}
renew('noisy')

/** Every measured build must make a new system: a store path seen before means nothing was built. */
const builtSystems = new Set()
function expectNewSystem(storePath, what) {
  if (!storePath?.startsWith('/nix/store/')) fail(`${what}: no system was built.`)
  if (builtSystems.has(storePath))
    fail(`${what}: ${storePath} was built before; nothing was built.`)
  builtSystems.add(storePath)
}
const resultOf = (link) => execFileSync('readlink', ['-f', link], { encoding: 'utf8' }).trim()

const installable = (host) => `${repo}#nixosConfigurations.${host}.config.system.build.toplevel`
const logArgs = ['--log-format', 'internal-json', '-v']
const directLink = join(work, 'direct-result')
const directProfile = join(work, 'profiles-direct', 'system')
const appProfile = join(work, 'profiles-app', 'system')
mkdirSync(dirname(directProfile))
mkdirSync(dirname(appProfile))

// ---------------------------------------------------------------------------------------------
// The captured log (once), replayed by `cat` and by the app.

const replayLog = join(work, 'noisy.log')
if (onlySwitch) writeFileSync(replayLog, '')
else {
  say(`Building the noisy host once (${noisyLines.toLocaleString('en')} lines) for its log…\n`)
  const started = process.hrtime.bigint()
  const fd = openSync(replayLog, 'w')
  const result = spawnSync(
    'nix',
    ['build', installable('noisy'), '--out-link', directLink, ...logArgs],
    { env: baseEnv, stdio: ['ignore', 'ignore', fd] },
  )
  closeSync(fd)
  if (result.status !== 0) {
    const log = readFileSync(replayLog, 'utf8')
    fail(`the first build of the noisy host failed:\n${log.slice(-3000)}`)
  }
  say(`  ${(ms(started) / 1000).toFixed(1)} s\n`)
}
const replayText = readFileSync(replayLog, 'utf8')
const logLines = replayText.split('\n').length - 1
const logBytes = statSync(replayLog).size
const replayMarker = /"bench-end-[0-9a-f-]+"/.exec(replayText)?.[0].slice(1, -1)
if (!onlySwitch && (!replayMarker || !replayText.includes('noisy line'))) {
  fail('the captured log is incomplete.')
}

// ---------------------------------------------------------------------------------------------
// Terminals without the app: a pty read by a consumer that only counts.

/**
 * Runs a program in a pty and resolves with the time until `until(received)` holds. Like the
 * app's pty runner, it keeps the program's side of the pty open so that libuv reads all of the
 * output (node-pty#726); the clock stops at the awaited output, not at node-pty's exit.
 */
function ptyRun(program, args, until) {
  return new Promise((resolveRun, reject) => {
    const started = process.hrtime.bigint()
    const term = pty.spawn(program, args, {
      name: 'xterm-256color',
      cols: 120,
      rows: 30,
      cwd: work,
      env: { ...baseEnv, TERM: 'xterm-256color' },
    })
    let slave = null
    try {
      slave = openSync(term.ptsName, constants.O_RDWR | constants.O_NOCTTY)
    } catch {
      // node-pty does not name it here: the count may come up short and fail below
    }
    const seen = { lines: 0, chars: 0, tail: '' }
    let result = null
    term.onData((data) => {
      seen.chars += data.length
      for (let i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) seen.lines++
      // The check sees all of this read: a marker followed by more output in the same read
      // would otherwise fall out of the kept tail before it is looked at.
      seen.tail += data
      if (!result && until(seen)) result = { ms: ms(started), lines: seen.lines }
      seen.tail = seen.tail.slice(-200)
    })
    term.onExit(({ exitCode }) => {
      if (slave !== null) closeSync(slave)
      if (result) resolveRun({ ...result, exitMs: ms(started) })
      else reject(new Error(`${program} (exit ${exitCode}) ended before its last line`))
    })
  })
}

// ---------------------------------------------------------------------------------------------
// The app: `flakedeck serve` on an empty data dir, with the flake open, and a Chromium page.

async function startApp() {
  const app = await startServe({
    cli,
    env: serveEnv,
    dataDir: mkdtempSync(join(work, 'data-')),
    args: ['--flake', repo],
  })
  serveProcess = app.child
  return app
}

say('Starting flakedeck serve and Chromium…\n')
const app = await startApp()
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
})
cleanup = async () => {
  await browser.close().catch(() => undefined)
  await app.stop()
}
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
const browserCdp = await browser.newBrowserCDPSession()
/** CPU ms so far of all of Chromium's processes and of its renderers (the page's). */
async function chromiumCpuMs() {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo')
  const sum = (list) => list.reduce((total, p) => total + p.cpuTime * 1000, 0)
  return {
    all: sum(processInfo),
    renderer: sum(processInfo.filter((p) => p.type === 'renderer')),
  }
}
/** Chromium's CPU ms per page-attached noisy build, and per switch through the UI. */
const chromiumCpu = { all: [], renderer: [] }
const switchChromiumCpu = { all: [], renderer: [] }
/** Runs `work` and notes Chromium's CPU time it took in `into`. */
async function withChromiumCpu(work, into = chromiumCpu) {
  const before = await chromiumCpuMs()
  const value = await work()
  const after = await chromiumCpuMs()
  for (const key of Object.keys(into)) {
    into[key].push(Math.round(after[key] - before[key]))
  }
  return value
}
// Bench-side instrumentation, not a hook in the app: the page's reads of its terminal feed
// (POST /api/rebuild.feed) are counted with the size of their answers.
// The trace of a switch (what the page asked and heard when, from the click) is kept the same way:
// each call's start and answer, and each rebuild event as it arrives on the page's WebSocket.
await page.addInitScript(() => {
  const stats = { outputMessages: 0, outputChars: 0, trace: [] }
  window.__bench = stats
  const mark = (what, extra = {}) => stats.trace.push({ at: performance.now(), what, ...extra })
  const native = window.fetch.bind(window)
  window.fetch = async (input, init) => {
    const method = String(input).split('/api/')[1]
    if (method) mark(`call ${method}`)
    const response = await native(input, init)
    if (method) mark(`answer ${method}`)
    if (String(input).endsWith('/api/rebuild.feed')) {
      stats.outputMessages++
      stats.outputChars += Number(response.headers.get('content-length') ?? 0)
    }
    return response
  }
  const NativeSocket = window.WebSocket
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (event) => {
        const text = String(event.data)
        if (!text.includes('"name":"rebuild.')) return
        try {
          const { name, payload } = JSON.parse(text)
          const phase = payload?.state?.phase
          // The server's own time of a state change (epoch ms), beside the page's receipt.
          mark(phase ? `event ${name} ${phase}` : `event ${name}`, {
            serverAt: payload?.state?.since ?? null,
          })
        } catch {
          // not an event of ours
        }
      })
    }
  }
})

const replaySettings = {
  rebuildMode: 'nixos-rebuild',
  // The app appends nix's log flags to the command; sh takes them as $0… and ignores them.
  rebuildCustomCommand: `/bin/sh -c 'exec /bin/cat ${replayLog}'`,
  rebuildSudo: false,
  lookBeforeSwitch: false,
}
const profileSettings = {
  rebuildMode: 'profile',
  rebuildCustomCommand: null,
  rebuildProfilePath: appProfile,
  rebuildSudo: false,
  lookBeforeSwitch: false,
}

/** A fresh page on the Rebuild area, with the host and action chosen and the plan shown. */
async function openRebuildArea(settings, host, actionLabel, planText) {
  await app.call('settings.set', settings)
  await page.goto(app.url.href)
  await page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('button', { name: 'Rebuild' })
    .click()
  const area = page.locator('.rebuild-area')
  await area.locator('#rebuild-host option', { hasText: host }).waitFor({ state: 'attached' })
  await area.getByLabel('Host').selectOption(host)
  await area.getByRole('radio', { name: actionLabel, exact: true }).click()
  await area
    .getByRole('region', { name: 'Command to run' })
    .filter({ hasText: planText })
    .waitFor({ timeout: 30_000 })
  await area.getByTestId('rebuild-start').waitFor()
  await page.waitForTimeout(200) // let the page settle (history, fonts)
}

/**
 * Clicks Rebuild and times, in the page, until `marker` is on the terminal's screen (or, with
 * no marker, until the run's outcome is shown). The page looks after each change of the area
 * (a MutationObserver), then awaits the frame that draws it: looking once per animation frame
 * had the page draw 60 frames a second for the bench alone (~45 ms of CPU a second on 2 cores).
 */
async function clickRebuild(marker) {
  const result = await page
    .evaluate(async (text) => {
      const area = document.querySelector('.rebuild-area')
      const button = area.querySelector('[data-testid="rebuild-start"]')
      const stats = window.__bench
      Object.assign(stats, { outputMessages: 0, outputChars: 0, trace: [] })
      const started = performance.now()
      button.click()
      return await new Promise((resolveRun, reject) => {
        const timer = setTimeout(() => reject(new Error('no end after 600 s')), 600_000)
        const isDone = () =>
          text
            ? area.querySelector('.xterm-rows')?.textContent.includes(text)
            : area.querySelector('[data-testid="run-outcome"]')
        let found = false
        const observer = new MutationObserver(() => {
          if (!found && isDone()) {
            found = true
            observer.disconnect()
            requestAnimationFrame(finish)
          }
        })
        const finish = () => {
          clearTimeout(timer)
          const outcome = area.querySelector('[data-testid="run-outcome"]')?.textContent ?? null
          const epoch = performance.timeOrigin + started
          resolveRun({
            // Each mark in ms after the click; a state event's server time too (one clock).
            trace: stats.trace.map(({ at, what, serverAt }) => ({
              what,
              ms: at - started,
              serverMs: serverAt ? serverAt - epoch : null,
            })),
            ms: performance.now() - started,
            shownAt: performance.timeOrigin + performance.now(),
            outcome,
            outputMessages: stats.outputMessages,
            outputChars: stats.outputChars,
          })
        }
        observer.observe(area, { childList: true, subtree: true, characterData: true })
        if (isDone()) {
          found = true
          observer.disconnect()
          requestAnimationFrame(finish)
        }
      })
    }, marker ?? null)
    .catch(async (error) => {
      const screen = await page
        .locator('.rebuild-area')
        .innerText()
        .catch(() => '')
      fail(`${error.message}\nThe Rebuild area shows:\n${screen}\n${app.output()}`)
    })
  // The run must also end well, with a system of its own (a replay builds nothing).
  const outcome = page.locator('[data-testid="run-outcome"]').filter({ hasText: 'succeeded' })
  await outcome.waitFor({ timeout: 60_000 }).catch(() => {
    fail(`the rebuild did not succeed: ${result.outcome}\n${app.output()}`)
  })
  return { ...result, storePath: /\/nix\/store\/\S+/.exec(await outcome.innerText())?.[0] }
}

// The API without a page: POST rebuild.start, rebuild.finished on our own WebSocket.
const socket = new WebSocket(await app.socketUrl())
await new Promise((r, reject) => socket.once('open', r).once('error', reject))
const finishedRuns = new Map()
const finishWaiters = new Map()
socket.on('message', (data) => {
  const text = data.toString()
  if (!text.startsWith('{"type":"event","name":"rebuild.finished"')) return
  const { runId, run: record } = JSON.parse(text).payload
  const waiter = finishWaiters.get(runId)
  if (waiter) waiter(record)
  else finishedRuns.set(runId, record)
})
async function apiRebuild(host, action) {
  const started = process.hrtime.bigint()
  const { runId } = await app.call('rebuild.start', { repo, host, action })
  const record = finishedRuns.get(runId) ?? (await new Promise((r) => finishWaiters.set(runId, r)))
  const elapsed = ms(started)
  finishedRuns.delete(runId)
  finishWaiters.delete(runId)
  if (record.status !== 'succeeded') fail(`rebuild ${runId}: ${record.statusText}`)
  expectNewSystem(record.storePath, `Flakedeck ${action} over the API`)
  return elapsed
}

// ---------------------------------------------------------------------------------------------
// The cases

const lastLineOfReplay = (seen) => seen.lines >= logLines
const diagnostics = { replay: [], build: [] }
/** The server's CPU ms per run of a case (utime + stime, /proc; 10 ms ticks), and nix's exit. */
const serverCpu = {
  'app-build': [],
  'app-build-api': [],
  'app-switch-ui': [],
  'app-switch-api': [],
}
const nixPtyExitMs = []
/** Per app-build-api run: nix's own run (ms), and the run's end after nix exited (ms). */
const apiNixRun = []
const apiFinishedAfterExit = []
/**
 * CPU time of a process so far, in ms (Linux: 100 ticks a second); with `thread`, of that one
 * thread of it (the task of the process's own id is its main thread: the app's).
 */
function cpuMsOf(pid, thread = null) {
  const stat = thread === null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
const mainThreadCpuMsOf = (pid) => cpuMsOf(pid, pid)
/** Of the server's CPU per run, what its main thread (the app's) took; the rest is other threads. */
const serverMainThreadCpu = { 'app-build': [], 'app-build-api': [] }
/** Runs `work` and notes the server's CPU time it took under `id`. */
async function withServerCpu(id, work) {
  const before = cpuMsOf(app.child.pid)
  const mainBefore = mainThreadCpuMsOf(app.child.pid)
  const value = await work()
  serverCpu[id].push(cpuMsOf(app.child.pid) - before)
  serverMainThreadCpu[id]?.push(mainThreadCpuMsOf(app.child.pid) - mainBefore)
  return value
}
/** Per app-build run: ms from nix's exit to its last line on the page's screen (< 0: before). */
const lastLineAfterExit = []

const pipelineCases = [
  {
    id: 'cat-pty',
    label: 'cat LOG in a pty, counting consumer',
    run: async () => (await ptyRun('/bin/cat', [replayLog], lastLineOfReplay)).ms,
  },
  {
    id: 'app-replay',
    label: 'Flakedeck: the same log replayed, to xterm',
    run: async () => {
      await openRebuildArea(replaySettings, 'noisy', 'Build', 'bin/cat')
      const r = await clickRebuild(replayMarker)
      diagnostics.replay.push(r)
      return r.ms
    },
  },
  {
    id: 'nix-devnull',
    label: 'nix build directly, log to /dev/null',
    run: () => {
      renew('noisy')
      const started = process.hrtime.bigint()
      run(wrappedNix, ['build', installable('noisy'), '--out-link', directLink, ...logArgs], {
        stdio: 'ignore',
      })
      const elapsed = ms(started)
      expectNewSystem(resultOf(directLink), 'nix build')
      return elapsed
    },
  },
  {
    id: 'nix-pty',
    label: 'nix build directly in a pty, counting consumer',
    run: async () => {
      const marker = renew('noisy')
      const args = ['build', installable('noisy'), '--out-link', directLink, ...logArgs]
      const { ms: elapsed, exitMs } = await ptyRun(wrappedNix, args, (seen) =>
        seen.tail.includes(marker),
      )
      nixPtyExitMs.push(exitMs)
      expectNewSystem(resultOf(directLink), 'nix build in a pty')
      return elapsed
    },
  },
  {
    id: 'app-build',
    label: 'Flakedeck: rebuild (profile mode, build), to xterm',
    run: async () => {
      const marker = renew('noisy')
      await openRebuildArea(profileSettings, 'noisy', 'Build', 'nixosConfigurations.noisy')
      const r = await withChromiumCpu(() => withServerCpu('app-build', () => clickRebuild(marker)))
      expectNewSystem(r.storePath, 'Flakedeck build')
      // The run has succeeded, so its nix build has exited and been noted.
      const exitedAt = lastNixExit()
      if (exitedAt !== null) lastLineAfterExit.push(r.shownAt - exitedAt)
      diagnostics.build.push(r)
      return r.ms
    },
  },
  {
    id: 'app-build-api',
    label: 'Flakedeck: the same rebuild, no page (API start to finished)',
    run: async () => {
      renew('noisy')
      await app.call('settings.set', profileSettings)
      await page.goto('about:blank')
      const elapsed = await withServerCpu('app-build-api', () => apiRebuild('noisy', 'build'))
      // Where the time went: nix's own run (start to exit, by the wrapper), and the end after it.
      const finishedAt = Date.now()
      const [nixStart, nixExit] = [lastNoted(nixStarts), lastNixExit()]
      if (nixStart !== null && nixExit !== null) {
        apiNixRun.push(Math.round(nixExit - nixStart))
        apiFinishedAfterExit.push(Math.round(finishedAt - nixExit))
      }
      return elapsed
    },
  },
]

/** --only build: the build in a pty and the same build without a page. */
const buildCases = pipelineCases.filter((c) => c.id === 'nix-pty' || c.id === 'app-build-api')
/** --only page: the same and the build with the page attached. */
const pageCases = pipelineCases.filter((c) =>
  ['nix-pty', 'app-build', 'app-build-api'].includes(c.id),
)
const chosenPipelineCases = onlySwitch
  ? []
  : onlyBuild
    ? buildCases
    : onlyPage
      ? pageCases
      : pipelineCases

/** Direct commands of a switch, timed one by one; the total is their sum. */
const directSteps = { build: [], setProfile: [], activate: [] }
/** The page's trace of each switch through the UI (see the page's init script). */
let switchTraces = []

/**
 * Each mark of the switches' traces, the first of its kind in a run: its median time after the
 * click on the page and, for a state event, on the server; in the order they came.
 */
function traceMedians(traces) {
  const marks = new Map()
  for (const trace of traces) {
    const seen = new Set()
    for (const { what, ms: t, serverMs } of trace) {
      if (seen.has(what)) continue
      seen.add(what)
      const m = marks.get(what) ?? { page: [], server: [] }
      m.page.push(t)
      if (serverMs !== null) m.server.push(serverMs)
      marks.set(what, m)
    }
  }
  return [...marks]
    .map(([what, m]) => ({
      what,
      runs: m.page.length,
      pageMs: round1(median(m.page)),
      serverMs: m.server.length ? round1(median(m.server)) : null,
    }))
    .sort((a, b) => a.pageMs - b.pageMs)
}
const overheadCases = [
  {
    id: 'direct-switch',
    label: 'directly: nix build + nix-env --set + switch',
    run: () => {
      renew('chain')
      const step = (id, command, args) => {
        const started = process.hrtime.bigint()
        run(command, args, { stdio: 'ignore' })
        const t = ms(started)
        directSteps[id].push(t)
        return t
      }
      const build = step('build', wrappedNix, [
        'build',
        installable('chain'),
        '--out-link',
        directLink,
        ...logArgs,
      ])
      const toplevel = resultOf(directLink)
      expectNewSystem(toplevel, 'direct switch')
      const setProfile = step('setProfile', 'nix-env', ['-p', directProfile, '--set', toplevel])
      const activate = step('activate', `${toplevel}/bin/switch-to-configuration`, ['switch'])
      return build + setProfile + activate
    },
  },
  {
    id: 'app-switch-ui',
    label: 'Flakedeck: click Rebuild to outcome shown',
    run: async () => {
      renew('chain')
      await openRebuildArea(profileSettings, 'chain', 'Switch', 'nixosConfigurations.chain')
      const r = await withChromiumCpu(
        () => withServerCpu('app-switch-ui', () => clickRebuild(null)),
        switchChromiumCpu,
      )
      expectNewSystem(r.storePath, 'Flakedeck switch')
      switchTraces.push(r.trace)
      return r.ms
    },
  },
  {
    id: 'app-switch-api',
    label: 'Flakedeck: API start to finished event (no page)',
    run: async () => {
      renew('chain')
      await app.call('settings.set', profileSettings)
      await page.goto('about:blank')
      return withServerCpu('app-switch-api', () => apiRebuild('chain', 'switch'))
    },
  },
]

async function measure(title, cases, afterWarmUp) {
  say(`${title}: ${cases.length} cases, 1 warm-up + ${rounds} interleaved rounds…\n`)
  // The warm-up fills disk caches, nix's eval cache and the page's JIT.
  return interleavedRounds(cases, rounds, {
    afterWarmUp,
    afterRound: (round) => say(`  round ${round + 1}/${rounds}\n`),
  })
}

/** Resident memory of a process, in bytes. */
function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024
}

/**
 * A build of `memoryLines` lines with the page attached, once: how much the server's resident
 * memory and the page's (its JS heap, after a collection, from Chromium's Performance metrics;
 * and the renderer process's resident memory) grow, at the peak and once it is over.
 */
async function measureMemory() {
  say(`Memory: one build of ${memoryLines.toLocaleString('en')} lines with the page attached…\n`)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const marker = renew('noisy', memoryLines)
  await openRebuildArea(profileSettings, 'noisy', 'Build', 'nixosConfigurations.noisy')
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')
      .value
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo').catch(() => ({}))
  const rendererPid = processInfo?.find((p) => p.type === 'renderer')?.id ?? null
  const serverPid = app.child.pid
  const before = {
    server: rssOf(serverPid),
    heap: await heap(),
    renderer: rendererPid ? rssOf(rendererPid) : null,
  }
  const peak = { ...before }
  const sampler = setInterval(() => {
    peak.server = Math.max(peak.server, rssOf(serverPid))
    if (rendererPid) peak.renderer = Math.max(peak.renderer, rssOf(rendererPid))
    void heap().then(
      (h) => (peak.heap = Math.max(peak.heap, h)),
      () => undefined,
    )
  }, 100)
  const started = process.hrtime.bigint()
  const cpuBefore = cpuMsOf(serverPid)
  try {
    await clickRebuild(marker)
  } finally {
    clearInterval(sampler)
  }
  const buildMs = ms(started)
  const serverCpuMs = cpuMsOf(serverPid) - cpuBefore
  await cdp.send('HeapProfiler.collectGarbage')
  const after = {
    server: rssOf(serverPid),
    heap: await heap(),
    renderer: rendererPid ? rssOf(rendererPid) : null,
  }
  const tenth = (v) => Math.round(v * 10) / 10
  const mb = (v) => (v === null ? null : tenth(v / 1e6))
  const result = {
    lines: memoryLines,
    buildMs: tenth(buildMs),
    serverCpuMs,
    serverGrowthPeakMB: mb(peak.server - before.server),
    serverGrowthAfterMB: mb(after.server - before.server),
    pageHeapGrowthPeakMB: mb(peak.heap - before.heap),
    pageHeapGrowthAfterMB: mb(after.heap - before.heap),
    rendererRssGrowthPeakMB: rendererPid ? mb(peak.renderer - before.renderer) : null,
  }
  say(`  ${JSON.stringify(result)}\n`)
  return result
}

let pipelineSamples
let overheadSamples
let memory
try {
  pipelineSamples = onlySwitch
    ? {}
    : await measure('Pipeline throughput', chosenPipelineCases, () => {
        diagnostics.replay = []
        diagnostics.build = []
        for (const key of Object.keys(serverCpu)) serverCpu[key] = []
        for (const key of Object.keys(serverMainThreadCpu)) serverMainThreadCpu[key] = []
        for (const key of Object.keys(chromiumCpu)) chromiumCpu[key] = []
        nixPtyExitMs.length = 0
        lastLineAfterExit.length = 0
      })
  overheadSamples =
    onlyBuild || onlyPage
      ? {}
      : await measure('Rebuild overhead', overheadCases, () => {
          for (const key of Object.keys(directSteps)) directSteps[key] = []
          for (const key of Object.keys(switchChromiumCpu)) switchChromiumCpu[key] = []
          serverCpu['app-switch-ui'] = []
          serverCpu['app-switch-api'] = []
          switchTraces = []
        })
  memory = memoryLines > 0 && !onlySwitch && !onlyPage ? await measureMemory() : null
} finally {
  socket.close()
  await cleanup()
}

// ---------------------------------------------------------------------------------------------
// Report

const pad = (text, width) => String(text).padEnd(width)
const num = (v, unit = 'ms') => `${v.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`.padStart(10)
const linesPerSecond = (msValue) => Math.round((logLines / msValue) * 1000)

const pipelineRows = chosenPipelineCases.map((c) => {
  const s = stats(pipelineSamples[c.id])
  return { id: c.id, label: c.label, ...s, linesPerSecond: linesPerSecond(s.median) }
})
const overheadRows = (onlyBuild || onlyPage ? [] : overheadCases).map((c) => ({
  id: c.id,
  label: c.label,
  ...stats(overheadSamples[c.id]),
}))
const byId = Object.fromEntries([...pipelineRows, ...overheadRows].map((r) => [r.id, r]))

const labelWidth = Math.max(...[...pipelineRows, ...overheadRows].map((r) => r.label.length)) + 2
if (!onlySwitch) {
  say(
    `\nPipeline: ${logLines.toLocaleString('en')} log lines, ${(logBytes / 1024 / 1024).toFixed(1)} MiB ` +
      `of nix internal-json (median of ${rounds})\n`,
  )
  say(
    `${pad('', labelWidth)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}` +
      `${'lines/s'.padStart(12)}\n`,
  )
  for (const r of pipelineRows) {
    say(
      `${pad(r.label, labelWidth)}${num(r.median)}${num(r.min)}${num(r.max)}` +
        `${r.linesPerSecond.toLocaleString('en').padStart(12)}\n`,
    )
  }
}
/** The server's CPU per noisy build (median, the runs), as the report says it. */
/** A case's median against nix's exit in the pty (the end a terminal's user waits for). */
const vsPtyExit = (id) => round2(byId[id].median / median(nixPtyExitMs))
/** Where the time of a build without a page went: nix's own run, and the end after it. */
const apiNixLine = () =>
  apiNixRun.length
    ? `  Without a page, the app's nix ran ${round1(median(apiNixRun))} ms (median; ` +
      `${apiNixRun.join(', ')}), and the run ended ${round1(median(apiFinishedAfterExit))} ms ` +
      `after nix exited (${apiFinishedAfterExit.join(', ')}).\n`
    : ''
const cpuLine = (id) =>
  serverCpu[id].length
    ? `${round1(median(serverCpu[id]))} ms (${serverCpu[id].join(', ')})` +
      (serverMainThreadCpu[id]?.length
        ? `, of it the app's thread ${round1(median(serverMainThreadCpu[id]))} ms`
        : '')
    : 'not measured'
const chromiumLine = () =>
  `all processes ${round1(median(chromiumCpu.all))} ms (${chromiumCpu.all.join(', ')}), ` +
  `renderer ${round1(median(chromiumCpu.renderer))} ms (${chromiumCpu.renderer.join(', ')})`
if (onlyPage) {
  const ratio = (a, b) => round2(byId[a].median / byId[b].median)
  const results = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine({ nix: run('nix', ['--version']).trim(), chromium: versionOf(chromiumPath) }),
    rounds,
    log: { builderLines: noisyLines, lines: logLines, bytes: logBytes },
    pipeline: Object.fromEntries(pipelineRows.map(({ id, ...rest }) => [id, rest])),
    ratios: {
      pageVsNixPty: ratio('app-build', 'nix-pty'),
      noPageVsNixPty: ratio('app-build-api', 'nix-pty'),
      pageVsNixPtyExit: vsPtyExit('app-build'),
      noPageVsNixPtyExit: vsPtyExit('app-build-api'),
    },
    lastLineAfterNixExitMs: {
      median: round1(median(lastLineAfterExit)),
      samples: lastLineAfterExit,
    },
    chromiumCpuMs: chromiumCpu,
    serverCpuMs: serverCpu,
    serverMainThreadCpuMs: serverMainThreadCpu,
    feedReads: median(diagnostics.build.map((d) => d.outputMessages)),
    feedBytes: median(diagnostics.build.map((d) => d.outputChars)),
    samples: pipelineSamples,
  }
  say(
    `\nRatios: the noisy build with the page / nix build in a pty ${results.ratios.pageVsNixPty}, ` +
      `without a page ${results.ratios.noPageVsNixPty}; to its exit ` +
      `${results.ratios.pageVsNixPtyExit} and ${results.ratios.noPageVsNixPtyExit}\n` +
      `Last line on screen after nix exited: ${results.lastLineAfterNixExitMs.median} ms ` +
      `(${lastLineAfterExit.map((v) => Math.round(v)).join(', ')})\n` +
      `Chromium CPU per build with the page: ${chromiumLine()}\n` +
      `Server CPU per build with the page: ${cpuLine('app-build')}; without: ${cpuLine('app-build-api')}\n` +
      `Feed reads per build: ${results.feedReads} (${Math.round(results.feedBytes / 1024)} KiB)\n`,
  )
  writeResults('rebuild-page-latest.json', results)
  say('Wrote bench/results/rebuild-page-latest.json\n')
  process.exit(0)
}
if (onlyBuild) {
  const results = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine({ nix: run('nix', ['--version']).trim(), chromium: versionOf(chromiumPath) }),
    rounds,
    log: { builderLines: noisyLines, lines: logLines, bytes: logBytes },
    pipeline: Object.fromEntries(pipelineRows.map(({ id, ...rest }) => [id, rest])),
    ratios: {
      noPageVsNixPty: round2(byId['app-build-api'].median / byId['nix-pty'].median),
      noPageVsNixPtyExit: round2(byId['app-build-api'].median / median(nixPtyExitMs)),
    },
    nixPtyExitMs: { median: round1(median(nixPtyExitMs)), samples: nixPtyExitMs },
    serverCpuMs: { 'app-build-api': serverCpu['app-build-api'] },
    memory,
    samples: pipelineSamples,
  }
  say(
    `\nRatio: the noisy build without a page / nix build in a pty ${results.ratios.noPageVsNixPty}` +
      ` (/ its exit, ${results.nixPtyExitMs.median} ms: ${results.ratios.noPageVsNixPtyExit})\n` +
      `Server CPU per build without a page: ${cpuLine('app-build-api')}\n` +
      apiNixLine(),
  )
  if (memory) say(`Memory: ${JSON.stringify(memory)}\n`)
  writeResults('rebuild-build-latest.json', results)
  say('Wrote bench/results/rebuild-build-latest.json\n')
  process.exit(0)
}
say(`\nRebuild overhead: 4 derivations built and switched to (median of ${rounds})\n`)
say(`${pad('', labelWidth)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}\n`)
for (const r of overheadRows) {
  say(`${pad(r.label, labelWidth)}${num(r.median)}${num(r.min)}${num(r.max)}\n`)
}
const stepMedians = Object.fromEntries(
  Object.entries(directSteps).map(([k, v]) => [k, round1(median(v))]),
)
say(
  `  (direct steps: nix build ${stepMedians.build} ms, nix-env --set ${stepMedians.setProfile} ms, ` +
    `switch-to-configuration ${stepMedians.activate} ms)\n`,
)
const msLine = (samples) => `${round1(median(samples))} ms (${samples.join(', ')})`
say(
  `  CPU per switch: the server ${cpuLine('app-switch-ui')} through the UI, ` +
    `${cpuLine('app-switch-api')} through the API; Chromium ` +
    `${msLine(switchChromiumCpu.all)}, its renderer ${msLine(switchChromiumCpu.renderer)}\n`,
)
const switchTrace = traceMedians(switchTraces)
say('  The switch through the UI, ms after the click (median; page, and server for a state):\n')
for (const m of switchTrace) {
  const server = m.serverMs === null ? '' : `  (server ${m.serverMs.toFixed(1)})`
  say(`    ${m.pageMs.toFixed(1).padStart(7)}  ${m.what}${server}\n`)
}

if (onlySwitch) {
  const switchRatio = (id) => round2(byId[id].median / byId['direct-switch'].median)
  const results = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine({ nix: run('nix', ['--version']).trim(), chromium: versionOf(chromiumPath) }),
    rounds,
    overhead: Object.fromEntries(overheadRows.map(({ id, ...rest }) => [id, rest])),
    directStepMedians: stepMedians,
    ratios: { ui: switchRatio('app-switch-ui'), api: switchRatio('app-switch-api') },
    switchTrace,
    samples: overheadSamples,
  }
  say(
    `\nRatios: switch through the UI ${results.ratios.ui}, through the API ${results.ratios.api}\n`,
  )
  writeResults('rebuild-switch-latest.json', results)
  say('Wrote bench/results/rebuild-switch-latest.json\n')
  process.exit(0)
}

const ratio = (a, b) => round2(byId[a].median / byId[b].median)
const ratios = [
  {
    id: 'replay-throughput-vs-cat',
    what: 'pipeline throughput, Flakedeck replay / cat in a pty (lines/s)',
    value: round2(byId['app-replay'].linesPerSecond / byId['cat-pty'].linesPerSecond),
  },
  {
    id: 'build-time-vs-nix-devnull',
    what: 'noisy build, Flakedeck to xterm / nix build to /dev/null (time)',
    value: ratio('app-build', 'nix-devnull'),
  },
  {
    id: 'build-time-vs-nix-pty',
    what: 'noisy build, Flakedeck to xterm / nix build in a pty (time)',
    value: ratio('app-build', 'nix-pty'),
  },
  {
    id: 'build-time-no-page-vs-nix-pty',
    what: 'noisy build, Flakedeck without a page / nix build in a pty (time)',
    value: ratio('app-build-api', 'nix-pty'),
  },
  {
    // In a terminal the build is over when nix exits (the prompt comes back); nix writes its
    // compressed build log after the last line, which the two above do not count for the pty.
    id: 'build-time-vs-nix-pty-exit',
    what: 'noisy build, Flakedeck to xterm / nix build in a pty, to its exit (time)',
    value: vsPtyExit('app-build'),
  },
  {
    id: 'build-time-no-page-vs-nix-pty-exit',
    what: 'noisy build, Flakedeck without a page / nix build in a pty, to its exit (time)',
    value: vsPtyExit('app-build-api'),
  },
  {
    id: 'switch-ui-vs-direct',
    what: 'switch, Flakedeck UI / the commands run directly (time)',
    value: ratio('app-switch-ui', 'direct-switch'),
  },
  {
    id: 'switch-api-vs-direct',
    what: 'switch, Flakedeck API / the commands run directly (time)',
    value: ratio('app-switch-api', 'direct-switch'),
  },
]
say('\nRatios (median / median):\n')
for (const r of ratios) say(`  ${pad(r.what, 72)}${r.value.toFixed(2).padStart(7)}\n`)
const overheadMs = round1(byId['app-switch-ui'].median - byId['direct-switch'].median)
const overheadApiMs = round1(byId['app-switch-api'].median - byId['direct-switch'].median)
say(`  Flakedeck adds ${overheadMs} ms to a switch (${overheadApiMs} ms without the page).\n`)
say(
  `  The noisy build's last line is on screen ${round1(byId['app-build'].median - byId['nix-pty'].median)} ms ` +
    `after the same nix in a pty printed it (median to median), ` +
    `${round1(median(lastLineAfterExit))} ms after its nix exited (median; ` +
    `${lastLineAfterExit.map((v) => Math.round(v)).join(', ')}).\n`,
)
if (memory) {
  say(
    `\nMemory, a ${memory.lines.toLocaleString('en')}-line build with the page attached: ` +
      `server RSS +${memory.serverGrowthPeakMB} MB at the peak (+${memory.serverGrowthAfterMB} MB after), ` +
      `page JS heap +${memory.pageHeapGrowthPeakMB} MB at the peak (+${memory.pageHeapGrowthAfterMB} MB after), ` +
      `renderer RSS +${memory.rendererRssGrowthPeakMB} MB at the peak.\n`,
  )
}

say(
  `  Server CPU per noisy build: with the page ${cpuLine('app-build')}, ` +
    `without ${cpuLine('app-build-api')}; nix in a pty exited ${round1(median(nixPtyExitMs))} ms ` +
    `after its start (median), its last line at ${round1(byId['nix-pty'].median)} ms.\n` +
    apiNixLine(),
)
const diag = {
  serverCpuMs: serverCpu,
  serverMainThreadCpuMs: serverMainThreadCpu,
  chromiumCpuMs: chromiumCpu,
  nixPtyExitMs,
  replayOutputEvents: median(diagnostics.replay.map((d) => d.outputMessages)),
  replayOutputBytes: median(diagnostics.replay.map((d) => d.outputChars)),
  buildOutputEvents: median(diagnostics.build.map((d) => d.outputMessages)),
}
say(
  `\nThe replay reached the page in ${diag.replayOutputEvents} feed reads ` +
    `(${(diag.replayOutputBytes / 1024 / 1024).toFixed(1)} MiB of JSON over HTTP, ` +
    `from ${(logBytes / 1024 / 1024).toFixed(1)} MiB of log).\n`,
)

const nixVersion = run('nix', ['--version']).trim()
const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: machine({ nix: nixVersion, chromium: versionOf(chromiumPath) }),
  rounds,
  log: { builderLines: noisyLines, lines: logLines, bytes: logBytes },
  pipeline: Object.fromEntries(pipelineRows.map(({ id, ...rest }) => [id, rest])),
  overhead: Object.fromEntries(overheadRows.map(({ id, ...rest }) => [id, rest])),
  directStepMedians: stepMedians,
  switchTrace,
  ratios,
  overheadMs: { ui: overheadMs, api: overheadApiMs },
  diagnostics: diag,
  lastLineAfterPtyMs: round1(byId['app-build'].median - byId['nix-pty'].median),
  lastLineAfterNixExitMs: { median: round1(median(lastLineAfterExit)), samples: lastLineAfterExit },
  memory,
  samples: { ...pipelineSamples, ...overheadSamples },
  totalSeconds: round1((performance.now() - benchStarted) / 1000),
}
writeResults('rebuild-latest.json', results)
say(`\nWrote bench/results/rebuild-latest.json (${results.totalSeconds} s in all)\n`)
