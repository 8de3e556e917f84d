import { writeStdout } from './stdout'

/** stderr as a terminal: its width in columns, read when used (it follows a resize). */
export interface ErrTerminal {
  readonly columns: number
}

/** What a subcommand may touch of the process, handed in so tests can drive commands. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: NodeJS.ProcessEnv
  /** stderr when it is a terminal, else null or absent: live progress goes only there. */
  readonly errTerminal?: ErrTerminal | null
  /** Resolves when the user asks the command to stop (Ctrl+C, SIGTERM). */
  waitForStop(): Promise<void>
}

export function processIo(): CliIo {
  let errTerminal: ErrTerminal | null | undefined
  return {
    out: writeStdout,
    err: (text) => process.stderr.write(text),
    env: process.env,
    // Asked only by a command that shows progress: process.stderr builds its stream (the tty
    // module, some milliseconds) on first use, which a quick command should not pay (stdout.ts).
    get errTerminal() {
      return (errTerminal ??= process.stderr.isTTY
        ? {
            // 0 or undefined when the terminal does not say (a serial console): assume 80.
            get columns() {
              return process.stderr.columns || 80
            },
          }
        : null)
    },
    waitForStop: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      }),
  }
}
