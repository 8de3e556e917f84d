// What every benchmark does before it measures: find the project, read its options, make sure
// the app is built (and Chromium or ../shared is there when it needs them), and make a work
// folder with an offline nix configuration that is removed when the benchmark exits.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/** The project's root folder. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The built command-line entry point. */
export const cli = join(root, 'bin', 'flakedeck.js')
/** The Chromium the browser benchmarks drive. */
export const chromiumPath = process.env.FLAKEDECK_CHROMIUM ?? '/usr/bin/chromium'

/** Ends the benchmark with a message on stderr. */
export function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(1)
}
export const say = (text) => process.stdout.write(text)

/** The command line: --rounds N and --build, and the benchmark's own `extra` options. */
export function benchOptions(extra = {}) {
  return parseArgs({
    options: { rounds: { type: 'string' }, build: { type: 'boolean' }, ...extra },
  }).values
}

/** --rounds, else BENCH_ROUNDS, else `fallback`; never fewer than `least`. */
export const roundsOf = (options, fallback, least = 3) =>
  Math.max(least, Number(options.rounds ?? process.env.BENCH_ROUNDS ?? fallback))

/** Builds the app when asked to (--build) or when `built` (a path in the project) is missing. */
export function ensureBuilt(rebuild, built = join('out', 'main', 'cli.js')) {
  if (!rebuild && existsSync(join(root, built))) return
  say('Building the app (electron-vite build)…\n')
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) fail('the build failed.')
}

export function requireChromium() {
  if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (set FLAKEDECK_CHROMIUM).`)
}

/** ../shared/bench/make-generations.sh, which must be there. */
export function makeGenerationsScript() {
  const script = resolve(root, '../shared/bench/make-generations.sh')
  if (!existsSync(script)) {
    fail(`${script} is missing: the shared folder must sit at ../shared from the project.`)
  }
  return script
}

/**
 * A fresh folder under the system's temporary one, removed when the process exits; Ctrl-C runs
 * `interrupted` (by default, exits with 130 so the removal runs).
 */
export function workFolder(prefix, interrupted = () => process.exit(130)) {
  const work = mkdtempSync(join(tmpdir(), prefix))
  process.on('exit', () => rmSync(work, { recursive: true, force: true }))
  process.on('SIGINT', interrupted)
  return work
}

/**
 * NIX_CONFIG for offline nix, as in tests/helpers/nix-env.ts: flakes on, no sandbox, no
 * substituters, and an empty flake registry (written into `work`) so nix never reaches for the
 * network. `extra` lines go before the registry's.
 */
export function offlineNixConfig(work, extra = []) {
  const registry = join(work, 'empty-registry.json')
  writeFileSync(registry, JSON.stringify({ flakes: [], version: 2 }))
  return [
    'experimental-features = nix-command flakes',
    'sandbox = false',
    'substituters =',
    ...extra,
    `flake-registry = ${registry}`,
  ].join('\n')
}
