import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/main/cli/io'
import { runCli } from '../../src/main/cli/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()

/** `flakedeck serve` in this process, stopped when `stop` is called. */
function serveIo(env: Record<string, string>) {
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  let printedUrl!: (url: string) => void
  const url = new Promise<string>((resolve) => (printedUrl = resolve))
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
    out(text) {
      io.stdout += text
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(io.stdout)
      if (match) printedUrl(match[0])
    },
    err(text) {
      io.stderr += text
    },
    env: { FLAKEDECK_DATA_DIR: tempDir(), FLAKEDECK_RENDERER_DIR: rendererDir, ...env },
    waitForStop: () => stopped,
  }
  return { io, url, stop }
}

describe('flakedeck serve', () => {
  it('uses the token FLAKEDECK_SERVE_TOKEN names, so a restart keeps open pages working', async () => {
    const token = 'a1'.repeat(24)
    const { io, url, stop } = serveIo({ FLAKEDECK_SERVE_TOKEN: token })
    const exit = runCli(['serve', '--port', '0'], io)
    const printed = new URL(await url)
    expect(printed.searchParams.get('token')).toBe(token)
    const status = await fetch(`${printed.origin}/api/app.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{}',
    })
    expect(status.status).toBe(200)
    stop()
    expect(await exit).toBe(0)
  })

  it('refuses a FLAKEDECK_SERVE_TOKEN that is short or not URL-safe, before listening', async () => {
    for (const token of ['short', `${'x'.repeat(40)}&y`, 'é'.repeat(40)]) {
      const { io } = serveIo({ FLAKEDECK_SERVE_TOKEN: token })
      expect(await runCli(['serve', '--port', '0'], io)).toBe(2)
      expect(io.stderr).toContain('FLAKEDECK_SERVE_TOKEN must be 32 to 256 letters')
      expect(io.stdout).not.toContain('http://')
    }
  })
})
