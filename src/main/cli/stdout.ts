// The command line's output, written to file descriptor 1 directly. Node's process.stdout builds a
// stream on first use (the net or tty modules with it): about 4 ms of CPU, a tenth of a quick
// command such as `flakedeck generations --json` (bench/generations.mjs). A direct write is also
// complete when it returns, so nothing is lost when the command exits right after.
import { writeSync } from 'node:fs'

/** Whether all was written ('written') or the reader went away (`| head`): 'closed'. */
export type WriteResult = 'written' | 'closed'

const waitCell = new Int32Array(new SharedArrayBuffer(4))

/**
 * Writes all of `text` to `fd`. A descriptor some parent made non-blocking answers EAGAIN while
 * its pipe is full: the write waits a millisecond and goes on, as a blocking one would.
 */
export function writeAll(fd: number, text: string): WriteResult {
  const bytes = Buffer.from(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EAGAIN') Atomics.wait(waitCell, 0, 0, 1)
      else if (code === 'EPIPE') return 'closed'
      else throw error
    }
  }
  return 'written'
}

/** Writes to stdout; a reader that stopped early (`| head`) ends the command, quietly. */
export function writeStdout(text: string): void {
  if (writeAll(1, text) === 'closed') process.exit(0)
}
