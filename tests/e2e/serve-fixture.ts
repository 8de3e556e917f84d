// Starts the real `flakedeck serve` (the built CLI) on a temporary data dir, and stops it after.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { testNixConfig } from '../helpers/nix-env'

export interface ServedApp {
  url: string
  origin: string
  token: string
  dataDir: string
  output(): string
  /** A core call over HTTP, as the page makes it; throws with the core's message on failure. */
  call(method: string, input: unknown): Promise<unknown>
  /**
   * Stops the server; `keepDataDir` leaves its data folder for a server started after it, and
   * `crash` kills it (SIGKILL) instead of asking it to end.
   */
  stop(options?: { keepDataDir?: boolean; crash?: boolean }): Promise<void>
}

const cli = resolve(import.meta.dirname, '../../bin/flakedeck.js')

/** An error the core answered with; `code` is its AppError code (`conflict`, `bad-request`, …). */
export class CoreCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(`${method}: ${message}`)
  }
}

/**
 * Core calls over HTTP, as the page makes them, to the server whose printed URL is `url` (also
 * an in-process server's); a refusal throws a CoreCallError.
 */
export function coreCaller(url: string): (method: string, input: unknown) => Promise<unknown> {
  const parsed = new URL(url)
  return async (method, input) => {
    const response = await fetch(`${parsed.origin}/api/${method}`, {
      method: 'POST',
      headers: {
        Origin: parsed.origin,
        'Content-Type': 'application/json',
        Authorization: `Bearer ${parsed.searchParams.get('token') ?? ''}`,
      },
      body: JSON.stringify(input),
    })
    const result = (await response.json()) as {
      ok: boolean
      value?: unknown
      error?: { code: string; message: string }
    }
    if (!result.ok) {
      throw new CoreCallError(
        method,
        result.error?.code ?? 'internal',
        result.error?.message ?? String(response.status),
      )
    }
    return result.value
  }
}

export async function serveFlakedeck(
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  /** The data folder of a server stopped before (a restart); a new one by default. */
  reuseDataDir?: string,
): Promise<ServedApp> {
  const dataDir = reuseDataDir ?? mkdtempSync(join(tmpdir(), 'flakedeck-e2e-data-'))
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    env: {
      ...process.env,
      FLAKEDECK_DATA_DIR: dataDir,
      NIX_CONFIG: testNixConfig(),
      GIT_AUTHOR_NAME: 'Flakedeck Test',
      GIT_AUTHOR_EMAIL: 'test@flakedeck.invalid',
      GIT_COMMITTER_NAME: 'Flakedeck Test',
      GIT_COMMITTER_EMAIL: 'test@flakedeck.invalid',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 20_000)
    const check = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[0])
      }
    }
    child.stdout?.on('data', check)
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => output,
    call: coreCaller(url),
    stop: async ({ keepDataDir = false, crash = false } = {}) => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill(crash ? 'SIGKILL' : 'SIGTERM')
        await exited
      }
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
