// Starts the built `flakedeck serve` for a benchmark and talks to it as the page does: POST
// /api/<method> with the run's token as a Bearer header. Shared by the benchmarks so both
// drive the app alike.
import { spawn } from 'node:child_process'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * @param {{ cli: string, env: NodeJS.ProcessEnv, dataDir: string, args?: string[] }} options
 */
export async function startServe({ cli, env, dataDir, args = [] }) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    env: { ...env, FLAKEDECK_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 20_000)
    child.stdout.on('data', () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(new URL(match[0]))
      }
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
  const token = url.searchParams.get('token')
  /** Calls a method; resolves with the value, the round trip in ms and the answer's size. */
  const timedCall = async (method, input) => {
    const started = process.hrtime.bigint()
    const response = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    })
    const text = await response.text() // the whole answer, as the page receives it
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    const result = JSON.parse(text)
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return { ms, value: result.value, bytes: text.length }
  }
  const call = async (method, input) => (await timedCall(method, input)).value
  /** The event socket's address, with a fresh single-use ticket (sockets cannot carry headers). */
  const socketUrl = async () => {
    const response = await fetch(`${url.origin}/ws/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    const result = await response.json()
    if (!result.ok) throw new Error(`ws ticket: ${result.error.message}`)
    return `ws://${url.host}/ws?ticket=${result.value.ticket}`
  }
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  return { url, token, call, timedCall, socketUrl, stop, child, output: () => output }
}
