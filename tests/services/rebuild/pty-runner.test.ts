import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/app-error'
import { createPtyRunner, ptyDefaults } from '../../../src/main/services/pty-runner'
import { useTempDirs } from '../../helpers/temp-dir'
import { isRunning, until } from '../../helpers/waiting'

const runner = createPtyRunner()
const tempDir = useTempDirs()

function collect(): { output: () => string; onData: (d: string) => void; batches: string[] } {
  const batches: string[] = []
  return { batches, onData: (d) => batches.push(d), output: () => batches.join('') }
}

describe('pty runner', () => {
  it('runs a program in a terminal and reports its exit code', async () => {
    const out = collect()
    const proc = await runner.spawn('sh', ['-c', 'test -t 1 && echo "on a tty: $TERM"; exit 3'], {
      onData: out.onData,
    })
    const exit = await proc.exited
    expect(exit).toMatchObject({ exitCode: 3, killed: false })
    expect(out.output()).toBe('on a tty: xterm-256color\r\n')
  })

  it('passes arguments literally, never through a shell', async () => {
    const out = collect()
    const proc = await runner.spawn('printf', ['%s', '$(echo no); `echo no`'], {
      onData: out.onData,
    })
    await proc.exited
    expect(out.output()).toBe('$(echo no); `echo no`')
  })

  it('hands keystrokes to a program that asks for input', async () => {
    const out = collect()
    const proc = await runner.spawn(
      'sh',
      // Echo off before the prompt, as sudo does: keys typed once the prompt shows are never echoed.
      ['-c', 'stty -echo; printf "Password: "; read answer; stty echo; echo; echo "got [$answer]"'],
      { onData: out.onData },
    )
    // The prompt has no newline; it must still reach the consumer.
    await until(() => out.output().includes('Password: '), 'the prompt')
    expect(proc.write('s3cret\r')).toBe(true)
    const exit = await proc.exited
    expect(exit.exitCode).toBe(0)
    // Keys for a program that has ended are not taken and silently lost: the caller hears of it.
    expect(proc.write('again\r')).toBe(false)
    expect(out.output()).toContain('got [s3cret]')
    expect(out.output()).not.toContain('s3cret\r\n')
  })

  it('resizes the terminal', async () => {
    const out = collect()
    const proc = await runner.spawn('sh', ['-c', 'read go; stty size'], {
      onData: out.onData,
      cols: 80,
      rows: 24,
    })
    proc.resize(132, 43)
    proc.write('\r')
    await proc.exited
    expect(out.output()).toContain('43 132')
  })

  it('says when the program does not exist', async () => {
    const error = await runner
      .spawn('flakedeck-no-such-program', [], { onData: () => {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'not-found' })
  })

  it('kill ends the whole process group', async () => {
    const out = collect()
    // The script ignores SIGTERM, so the SIGKILL after the grace time ends it.
    const quickKill = createPtyRunner(process.env, { killGraceMs: 300 })
    const proc = await quickKill.spawn(
      'sh',
      ['-c', 'sleep 300 & echo "child=$!"; trap "" TERM; wait; sleep 300'],
      { onData: out.onData },
    )
    await until(() => /child=\d+/.test(out.output()), 'the child pid')
    const child = Number(/child=(\d+)/.exec(out.output())![1])
    expect(isRunning(child)).toBe(true)
    proc.kill()
    const exit = await proc.exited
    expect(exit.killed).toBe(true)
    await until(() => !isRunning(child), 'the child to end')
    expect(isRunning(proc.pid)).toBe(false)
  })

  it('batches output', async () => {
    const out = collect()
    const proc = await runner.spawn('sh', ['-c', 'head -c 1000000 /dev/zero | tr "\\0" x'], {
      onData: out.onData,
    })
    await proc.exited
    expect(out.output().length).toBe(1_000_000)
    // Each batch is at most one limit plus one read of the pty.
    for (const batch of out.batches)
      expect(batch.length).toBeLessThan(ptyDefaults.batchChars + 65_536)
    expect(out.batches.length).toBeLessThan(1_000_000 / 4096)
  })

  it('a character whose bytes come in two reads arrives whole', async () => {
    // Every read is its own batch; "é" is written as its two bytes with a pause between them.
    const eager = createPtyRunner(process.env, { batchChars: 1 })
    const out = collect()
    const proc = await eager.spawn('sh', ['-c', "printf 'caf\\303'; sleep 0.2; printf '\\251!'"], {
      onData: out.onData,
    })
    await proc.exited
    expect(out.batches.length).toBeGreaterThanOrEqual(2)
    expect(out.output()).toBe('café!')
  })

  it('keeps all output of a program that exits right after writing much', async () => {
    const out = collect()
    // 108,000 characters: the last of them fit in the kernel's buffers, so the program exits
    // before they are read.
    const proc = await runner.spawn('sh', ['-c', 'yes 1234 | head -n 18000; echo end'], {
      onData: out.onData,
    })
    const exit = await proc.exited
    expect(exit.exitCode).toBe(0)
    expect(out.output().endsWith('end\r\n')).toBe(true)
    expect(out.output().length).toBe(18_000 * 6 + 5)
  })

  it('never makes the program wait for this thread', async () => {
    const done = join(tempDir(), 'done')
    const out = collect()
    // 2 MB, far more than a pty holds: a program read on this thread would stop after a few KB
    // while the thread is busy, and never write the file.
    const proc = await runner.spawn(
      'sh',
      ['-c', 'head -c 2000000 /dev/zero | tr "\\0" x; : > "$1"', 'sh', done],
      { onData: out.onData },
    )
    // This thread is busy (a long batch, a collection, a slow window) until the program is done.
    const deadline = Date.now() + 20_000
    while (!existsSync(done) && Date.now() < deadline) {
      // busy on purpose
    }
    expect(existsSync(done)).toBe(true)
    await proc.exited
    expect(out.output().length).toBe(2_000_000)
  })
})
