import { createProcessRunner, type ProcessRunner } from '../../src/main/services/process-runner'

/** A real process runner that also records every process it starts (argv) in `calls`. */
export function countingRunner(calls: string[][] = []): {
  runner: ProcessRunner
  calls: string[][]
} {
  const inner = createProcessRunner()
  const runner: ProcessRunner = {
    baseEnv: inner.baseEnv,
    run(command, args, options) {
      calls.push([command, ...args])
      return inner.run(command, args, options)
    },
    runChecked(command, args, options) {
      calls.push([command, ...args])
      return inner.runChecked(command, args, options)
    },
  }
  return { runner, calls }
}
