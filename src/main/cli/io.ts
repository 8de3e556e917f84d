import { writeStdout } from './stdout'

/** What a subcommand may touch of the process, handed in so tests can drive commands. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: NodeJS.ProcessEnv
  /** Resolves when the user asks the command to stop (Ctrl+C, SIGTERM). */
  waitForStop(): Promise<void>
}

export function processIo(): CliIo {
  return {
    out: writeStdout,
    err: (text) => process.stderr.write(text),
    env: process.env,
    waitForStop: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      }),
  }
}
