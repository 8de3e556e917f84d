// The one place that starts child processes. Commands are argument arrays (never a shell string),
// output that is parsed runs without colour, and every run has a timeout and can be cancelled;
// cancel and timeout end the whole process group, so builders started by nix go too.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { AppError } from '../../shared/app-error'
import { signalGroup } from './process-group'

export interface RunOptions {
  cwd?: string
  /** Added to the runner's base environment. */
  env?: Record<string, string | undefined>
  /** Milliseconds; default 120 s. 0 means none. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Written to stdin, which is then closed. */
  input?: string
  /** Called with each chunk of stdout as it arrives. */
  onStdout?: (chunk: string) => void
  onStderr?: (chunk: string) => void
  /** Cap on captured output per stream, in characters; the tail is kept. Default 16 MiB. */
  maxOutput?: number
  /**
   * How stdout's bytes become text. 'latin1' maps each byte to one character, for output whose
   * raw bytes matter (file names and lines that are not UTF-8); default 'utf8'.
   */
  stdoutEncoding?: 'utf8' | 'latin1'
  /**
   * Background work (what a run was made from, read beside its build): the process runs at a
   * lower CPU priority, so on a busy machine it takes its time from idle cores, not from nix.
   */
  background?: boolean
}

export interface RunResult {
  command: string
  args: readonly string[]
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  durationMs: number
}

/** Environment that keeps tools from colouring or paging what we parse. */
export const plainOutputEnv: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  CLICOLOR: '0',
  TERM: 'dumb',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C.UTF-8',
}

export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
  /** Like run, but a non-zero exit becomes an AppError carrying stderr. */
  runChecked(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
  /** The environment every child gets (before per-call additions). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>
}

export function describeCommand(command: string, args: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./#-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)
  return [command, ...args].map(quote).join(' ')
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid !== undefined) signalGroup(pid, signal)
}

export function createProcessRunner(
  baseEnv: Readonly<Record<string, string | undefined>> = process.env,
): ProcessRunner {
  const run = (command: string, args: readonly string[], options: RunOptions = {}) =>
    new Promise<RunResult>((resolve, reject) => {
      const started = Date.now()
      const env = { ...baseEnv, ...plainOutputEnv, ...options.env }
      const maxOutput = options.maxOutput ?? 16 * 1024 * 1024
      if (options.signal?.aborted) {
        reject(new AppError('cancelled', `Cancelled before ${command} started.`))
        return
      }
      const child = spawn(command, args, {
        cwd: options.cwd,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true, // own process group, so cancel reaches grandchildren
        shell: false,
      })
      if (options.background && child.pid !== undefined) lowerPriority(child.pid)
      let stdout = ''
      let stderr = ''
      let settled = false
      let endedBy: 'timeout' | 'cancel' | null = null
      const append = (acc: string, chunk: string) => {
        const next = acc + chunk
        return next.length > maxOutput ? next.slice(next.length - maxOutput) : next
      }
      child.stdout.setEncoding(options.stdoutEncoding ?? 'utf8')
      child.stderr.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        stdout = append(stdout, chunk)
        options.onStdout?.(chunk)
      })
      child.stderr.on('data', (chunk: string) => {
        stderr = append(stderr, chunk)
        options.onStderr?.(chunk)
      })
      const stop = (why: 'timeout' | 'cancel') => {
        if (settled || endedBy) return
        endedBy = why
        killGroup(child.pid, 'SIGTERM')
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000).unref()
      }
      const timeoutMs = options.timeoutMs ?? 120_000
      const timer = timeoutMs > 0 ? setTimeout(() => stop('timeout'), timeoutMs) : undefined
      const onAbort = () => stop('cancel')
      options.signal?.addEventListener('abort', onAbort, { once: true })
      const finish = () => {
        settled = true
        if (timer) clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
      }
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return
        finish()
        if (error.code === 'ENOENT' && options.cwd && !existsSync(options.cwd)) {
          reject(new AppError('not-found', `The folder ${options.cwd} does not exist.`))
        } else if (error.code === 'ENOENT') {
          reject(
            new AppError('not-found', `The program "${command}" was not found.`, {
              hint: `Install ${command} or add it to PATH, then try again.`,
            }),
          )
        } else {
          reject(new AppError('command-failed', `Could not start ${command}: ${error.message}`))
        }
      })
      child.on('close', (code, signal) => {
        if (settled) return
        finish()
        const cmd = describeCommand(command, args)
        if (endedBy === 'timeout') {
          reject(
            new AppError('timeout', `${command} did not finish within ${timeoutMs / 1000} s.`, {
              hint: 'Check that nothing is waiting for input or the network, then try again.',
              details: `${cmd}\n${stderr.slice(-4000)}`,
            }),
          )
          return
        }
        if (endedBy === 'cancel') {
          reject(new AppError('cancelled', `${command} was cancelled.`, { details: cmd }))
          return
        }
        resolve({ command, args, code, signal, stdout, stderr, durationMs: Date.now() - started })
      })
      // A program that exits without reading its input (git commit refusing a path) closes the
      // pipe: EPIPE here is not an error of ours, the exit code says what happened.
      child.stdin.on('error', () => undefined)
      if (options.input !== undefined) child.stdin.end(options.input)
      else child.stdin.end()
    })

  return {
    baseEnv,
    run,
    async runChecked(command, args, options) {
      const result = await run(command, args, options)
      if (result.code !== 0) {
        const firstLine = result.stderr.trim().split('\n').slice(-1)[0] ?? ''
        throw new AppError(
          'command-failed',
          `${command} failed (exit ${result.code ?? result.signal})${firstLine ? `: ${firstLine}` : '.'}`,
          { details: `${describeCommand(command, args)}\n\n${result.stderr.slice(-8000)}` },
        )
      }
      return result
    },
  }
}

/** Niceness of background work: below nix's and the app's, above nothing in particular. */
export const backgroundNiceness = 10

function lowerPriority(pid: number): void {
  try {
    // Never above the app's own priority (an app started with nice stays below it).
    setPriority(pid, Math.max(getPriority(), backgroundNiceness))
  } catch {
    // Gone already, or not allowed here: it runs at the usual priority.
  }
}
