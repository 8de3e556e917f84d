// The pty host's worker thread only ends if it failed: whatever it held is reported, with the
// reason, never left waiting; and the next program gets a new worker.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import workerPath from '../../../src/main/services/pty-host/pty-worker?modulePath'
import { PtyHost, type HostedProgram } from '../../../src/main/services/pty-host/pty-host'
import { until } from '../../helpers/waiting'

const request = {
  program: '/bin/sh',
  args: ['-c', 'echo hello from the pty'],
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  name: 'xterm-256color',
  cols: 80,
  rows: 24,
  batchMs: 16,
  batchChars: 200 * 1024,
}

/** A worker that runs `script` (CommonJS, with parentPort in scope) instead of the pty host. */
function failingWorker(script: string): () => Worker {
  return () =>
    new Worker(`const { parentPort } = require('node:worker_threads');\n${script}`, { eval: true })
}

function watched(): HostedProgram & { output: () => string; exit: () => number | null } {
  let output = ''
  let exit: number | null = null
  return {
    onData: (data) => (output += data),
    onExit: (code) => (exit = code),
    output: () => output,
    exit: () => exit,
  }
}

describe('pty host', () => {
  it('a worker that dies before the program starts: the start fails with the reason', async () => {
    const host = new PtyHost(failingWorker(`parentPort.once('message', () => process.exit(3))`))
    await expect(host.spawn(request, watched())).rejects.toThrow(
      'the terminal host stopped (exit code 3)',
    )
  })

  it('a worker that dies while a program runs: the program ends and says why', async () => {
    const host = new PtyHost(
      failingWorker(`parentPort.once('message', (m) => {
        parentPort.postMessage({ type: 'spawned', id: m.id, pid: 4242 })
        setTimeout(() => { throw new Error('the worker broke') }, 20)
      })`),
    )
    const program = watched()
    expect(await host.spawn(request, program)).toMatchObject({ pid: 4242 })
    await until(() => program.exit() !== null, 'the program to end')
    expect(program.exit()).toBe(1)
    expect(program.output()).toContain('Flakedeck lost this terminal: the worker broke')
  })

  it('after a loss, the next program starts in a new worker', async () => {
    let started = 0
    const host = new PtyHost(() =>
      started++ === 0
        ? failingWorker(`parentPort.once('message', () => process.exit(5))`)()
        : new Worker(workerPath),
    )
    await expect(host.spawn(request, watched())).rejects.toThrow('exit code 5')
    const program = watched()
    await host.spawn(request, program)
    await until(() => program.exit() !== null, 'the program to end')
    expect(program.exit()).toBe(0)
    expect(program.output()).toBe('hello from the pty\r\n')
    expect(started).toBe(2)
  })
})
