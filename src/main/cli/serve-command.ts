import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appVersion } from '../core/app-version'
import { createCore } from '../core/core'
import { resolveDataDir } from '../core/data-dir'
import { startWebServer } from '../server/web-server'
import { parseCommandArgs, parsePort } from './args'
import type { CliIo } from './io'

export const serveHelp = `Usage: flakedeck serve [--flake DIR] [--port N]

Runs Flakedeck in your browser. The server listens on 127.0.0.1 only and prints a URL with a
token that changes every run; calls without it are refused. To use it on a headless machine,
forward the port over SSH (ssh -L 8000:127.0.0.1:7430 host; any local port works) and open the
printed URL with your local port in it.

Options:
  --flake DIR   open this flake repo when the page loads
  --port N      port to listen on (default 7430; 0 picks a free one)
  -h, --help    show this help

Environment:
  FLAKEDECK_DATA_DIR     where the database lives (default $XDG_DATA_HOME/flakedeck)
  FLAKEDECK_SERVE_TOKEN  use this token instead of a new random one, so pages left open
                         reconnect after a restart (32 to 256 letters, digits, - or _;
                         anyone who has it can run commands as you)
`

export const defaultServePort = 7430

const tokenPattern = /^[A-Za-z0-9_-]{32,256}$/

/** The token from FLAKEDECK_SERVE_TOKEN, undefined when unset, or an error message. */
export function tokenFromEnv(env: NodeJS.ProcessEnv): { token?: string; error?: string } {
  const token = env.FLAKEDECK_SERVE_TOKEN
  if (token === undefined || token === '') return {}
  if (!tokenPattern.test(token)) {
    return {
      error:
        'flakedeck serve: FLAKEDECK_SERVE_TOKEN must be 32 to 256 letters, digits, - or _ (for example: openssl rand -hex 24).\n',
    }
  }
  return { token }
}

/**
 * out/renderer, found from wherever the bundler put this code (out/main/ or a chunk folder
 * below it).
 */
function builtRendererDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'renderer')
    // The built UI has assets/; src/renderer (the sources) has an index.html too.
    if (existsSync(join(candidate, 'index.html')) && existsSync(join(candidate, 'assets')))
      return candidate
    dir = dirname(dir)
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
}

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    flake: { type: 'string' },
    port: { type: 'string' },
  })
  if (values.help) {
    io.out(serveHelp)
    return 0
  }
  const port = parsePort(values.port, defaultServePort)
  const fixedToken = tokenFromEnv(io.env)
  if (fixedToken.error) {
    io.err(fixedToken.error)
    return 2
  }
  const flake = values.flake ? resolve(values.flake) : null
  const rendererDir = io.env.FLAKEDECK_RENDERER_DIR ?? builtRendererDir()
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    io.err(
      `flakedeck serve: the UI is not built (no ${rendererDir}/index.html). Run "npm run build" first.\n`,
    )
    return 1
  }
  const dataDir = resolveDataDir(io.env)
  const core = createCore({
    dataDir,
    shell: 'browser',
    appVersion,
    initialRepo: flake,
    env: io.env,
    // The app starting: runs whose Flakedeck process is gone are marked interrupted.
    recoverInterruptedRuns: true,
  })
  if (flake) {
    const opened = await core.dispatch('repo.open', { path: flake })
    if (!opened.ok) {
      io.err(
        `Warning: ${opened.error.message}${opened.error.hint ? ` ${opened.error.hint}` : ''}\n`,
      )
    }
  }
  let server
  try {
    server = await startWebServer({
      core,
      rendererDir,
      port,
      token: fixedToken.token,
      log: (line) => io.err(line),
    })
  } catch (error) {
    await core.close()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      io.err(
        `flakedeck serve: port ${port} is in use. Pick another with --port N (0 picks a free one).\n`,
      )
      return 1
    }
    throw error
  }
  io.out(`Flakedeck ${appVersion} is serving ${flake ?? 'no repo yet'}\n`)
  io.out(`Open this URL in your browser (it holds this run's token):\n\n    ${server.url}\n\n`)
  io.out(`Data: ${dataDir}. Press Ctrl+C to stop.\n`)
  await io.waitForStop()
  await server.close()
  await core.close()
  return 0
}
