// Timing the processes a benchmark runs.
import { spawnSync } from 'node:child_process'
import { fail } from './setup.mjs'

/** Milliseconds since `started` (a process.hrtime.bigint()). */
export const msSince = (started) => Number(process.hrtime.bigint() - started) / 1e6

/**
 * Runs a command to the end with its output read, and returns the wall time in ms and its
 * output; a failed command ends the benchmark.
 */
export function timed(command, args, { env, cwd, maxBuffer = 64 * 1024 * 1024 } = {}) {
  const started = process.hrtime.bigint()
  const result = spawnSync(command, args, { cwd, env, maxBuffer, encoding: 'utf8' })
  const ms = msSince(started)
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`)
  }
  return { ms, stdout: result.stdout }
}
