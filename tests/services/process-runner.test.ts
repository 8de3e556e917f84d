import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/app-error'
import {
  backgroundNiceness,
  createProcessRunner,
  describeCommand,
} from '../../src/main/services/process-runner'
import { useTempDirs } from '../helpers/temp-dir'
import { isRunning } from '../helpers/waiting'

const runner = createProcessRunner()

const tempDir = useTempDirs()

describe('process runner', () => {
  it('passes arguments literally, never through a shell', async () => {
    const dir = tempDir()
    const marker = join(dir, 'pwned')
    const result = await runner.run('printf', ['%s', `$(touch ${marker}); echo hi`])
    expect(result.stdout).toBe(`$(touch ${marker}); echo hi`)
    expect(existsSync(marker)).toBe(false)
  })

  it('forces plain output for parsed commands', async () => {
    const result = await runner.run('sh', ['-c', 'printf "%s %s" "$NO_COLOR" "$TERM"'])
    expect(result.stdout).toBe('1 dumb')
  })

  it('runs background work at a lower priority than the app, and other work as the app', async () => {
    // The niceness of a process started after the runner lowered its parent's (field 19 of stat).
    const niceness = "sleep 0.2; cut -d' ' -f19 /proc/self/stat"
    const own = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16])
    const background = await runner.run('sh', ['-c', niceness], { background: true })
    const usual = await runner.run('sh', ['-c', niceness])
    expect(Number(background.stdout)).toBe(Math.min(19, Math.max(own, backgroundNiceness)))
    expect(Number(usual.stdout)).toBe(own)
  })

  it('reports exit codes and stderr', async () => {
    const result = await runner.run('sh', ['-c', 'echo oops >&2; exit 3'])
    expect(result.code).toBe(3)
    expect(result.stderr).toBe('oops\n')
    await expect(runner.runChecked('sh', ['-c', 'echo oops >&2; exit 3'])).rejects.toMatchObject({
      code: 'command-failed',
      message: expect.stringContaining('oops'),
    })
  })

  it('turns a missing program into a clear error', async () => {
    await expect(runner.run('flakedeck-no-such-program', [])).rejects.toMatchObject({
      code: 'not-found',
      message: 'The program "flakedeck-no-such-program" was not found.',
    })
  })

  it('times out and ends the whole process group', async () => {
    const dir = tempDir()
    const pidFile = join(dir, 'child.pid')
    // The grandchild would outlive a kill of only the direct child.
    const started = Date.now()
    const error = await runner
      .run('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 500 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(10_000)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    await new Promise((r) => setTimeout(r, 200))
    expect(isRunning(grandchild)).toBe(false)
  })

  it('can be cancelled', async () => {
    const controller = new AbortController()
    const pending = runner.run('sleep', ['30'], { signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('streams stdout and feeds stdin', async () => {
    const chunks: string[] = []
    const result = await runner.run('cat', [], {
      input: 'hello\n',
      onStdout: (c) => chunks.push(c),
    })
    expect(result.stdout).toBe('hello\n')
    expect(chunks.join('')).toBe('hello\n')
  })

  it('describes a command the way a user would type it', () => {
    expect(describeCommand('nix', ['build', '.#a b', "it's"])).toBe(`nix build '.#a b' 'it'\\''s'`)
  })
})
