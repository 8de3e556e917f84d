// The command line writes its output straight to the descriptor (stdout.ts): all of it, also
// through a pipe some parent made non-blocking (EAGAIN while it is full), and it stops quietly
// when the reader goes away (`| head`).
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeAll } from '../../src/main/cli/stdout'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-stdout-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function fifo(): string {
  const path = join(dir, 'pipe')
  expect(spawnSync('mkfifo', [path]).status).toBe(0)
  return path
}

const exited = (child: ReturnType<typeof spawn>) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

describe('writeAll', () => {
  it('writes every byte through a full non-blocking pipe, waiting while the reader catches up', async () => {
    const path = fifo()
    // Read and write on one descriptor, non-blocking: the 64 KiB pipe fills at once.
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK)
    const copy = join(dir, 'copy')
    // A slow reader: it starts a little after the pipe is full.
    const reader = spawn('sh', ['-c', 'sleep 0.2; exec cat "$0" > "$1"', path, copy])
    const text = 'line of output ✓\n'.repeat(60_000) // about 1 MB, over 15 pipefuls
    expect(writeAll(fd, text)).toBe('written')
    closeSync(fd)
    expect(await exited(reader)).toBe(0)
    expect(readFileSync(copy, 'utf8')).toBe(text)
  })

  it('says the reader went away instead of failing', async () => {
    const path = fifo()
    const reader = spawn('head', ['-c', '10', path], { stdio: ['ignore', 'ignore', 'inherit'] })
    const fd = openSync(path, constants.O_WRONLY)
    expect(writeAll(fd, 'x'.repeat(4 * 1024 * 1024))).toBe('closed')
    closeSync(fd)
    expect(await exited(reader)).toBe(0)
  })
})
