// The pty host hears of a program's exit the moment node-pty's waitpid does (hearExit), instead
// of on its next look every few ms: each step of a rebuild waited for that look. If node-pty
// changes shape, the first test fails and says so (the look every few ms still ends the run).
import { closeSync, openSync } from 'node:fs'
import * as pty from 'node-pty'
import { describe, expect, it } from 'vitest'
import { DrainedPty, hearExit } from '../../../src/main/services/pty-host/drained-pty'
import { until } from '../../helpers/waiting'

describe('the pty host hears of an exit', () => {
  it("from node-pty's waitpid, before node-pty reports it", async () => {
    const events: string[] = []
    const term = pty.spawn('sh', ['-c', 'exit 7'], { cols: 80, rows: 24, env: process.env })
    // The program's side held open, as the pty host holds it: the stream cannot end first.
    const programSide = openSync((term as pty.IPty & { ptsName: string }).ptsName, 'r+')
    hearExit(term, () => {
      events.push('heard')
      closeSync(programSide)
    })
    term.onExit(({ exitCode }) => events.push(`exit ${exitCode}`))
    await until(() => events.includes('exit 7'), 'the exit')
    expect(events).toEqual(['heard', 'exit 7'])
  })

  it('and keeps every last line of programs that write much and exit at once', async () => {
    for (let round = 0; round < 60; round++) {
      const chunks: string[] = []
      let exit: number | null = null
      new DrainedPty({
        program: 'sh',
        args: ['-c', `yes ${round} | head -n 9000; echo end`],
        name: 'xterm-256color',
        cols: 80,
        rows: 24,
        env: { PATH: process.env.PATH ?? '' },
        batchMs: 16,
        batchChars: 200 * 1024,
        onData: (data) => chunks.push(data),
        onExit: (code) => (exit = code),
      })
      await until(() => exit !== null, 'the exit')
      const output = chunks.join('')
      expect(exit).toBe(0)
      expect(output.endsWith('end\r\n')).toBe(true)
      expect(output.length).toBe(9_000 * (String(round).length + 2) + 5)
    }
  })
})
