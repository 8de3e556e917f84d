import type { CliIo } from '../../src/main/cli/io'

/** What a CLI run in a test reads (`env`) and prints: kept in `stdout` and `stderr`. */
export function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    waitForStop: () => Promise.resolve(),
  }
  return io
}

/** The same, for a run whose data folder is `dataDir`. */
export function captureIoWithData(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): CliIo & { stdout: string; stderr: string } {
  return captureIo({ ...process.env, FLAKEDECK_DATA_DIR: dataDir, ...env })
}
