// What a benchmark writes: bench/results/<name>, with the commit and the machine it ran on.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { root } from './setup.mjs'

/** The project's commit, short, or null outside git. */
export function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim()
  } catch {
    return null
  }
}

/** `program --version`, or null when it cannot say. */
export function versionOf(program, env) {
  try {
    return execFileSync(program, ['--version'], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return null
  }
}

/** Node's version, then `tools` (e.g. nix's and Chromium's), the CPUs and the load, then `extra`. */
export function machine(tools, extra = {}) {
  return {
    node: process.version,
    ...tools,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadavg: loadavg(),
    ...extra,
  }
}

export function printLoadAverage() {
  process.stdout.write(
    `  (load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
  )
}

/** Writes `results` as JSON to bench/results/`file`. */
export function writeResults(file, results) {
  const resultsDir = join(root, 'bench', 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, file), `${JSON.stringify(results, null, 2)}\n`)
}
