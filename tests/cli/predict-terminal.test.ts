// `flakedeck predict` as a person sees it: the real command (src/main/cli/index.ts, bundled for
// node as the tests bundle workers, no `npm run build`) in a real pseudo-terminal. Its status line
// must stay on one row (never wrap, whatever the width) and be gone when the result comes, which
// is then byte for byte what a redirected run prints. With stderr redirected to a file, the file
// gets no progress and the terminal only the result.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import cliPath from '../../src/main/cli/index?modulePath'
import { runCli } from '../../src/main/cli/run-cli'
import { createPtyRunner } from '../../src/main/services/pty-runner'
import { makePredictFixture } from '../fixtures/predict-fixture'
import { captureIoWithData } from '../helpers/cli-io'
import { git } from '../helpers/git-repo'
import { useTempDirs } from '../helpers/temp-dir'

const temp = useTempDirs()
const pty = createPtyRunner()

/** Runs the CLI in a terminal `cols` wide; everything the terminal received. */
async function inTerminal(command: string, args: string[], dataDir: string, cols: number) {
  let output = ''
  const run = await pty.spawn(command, args, {
    env: { FLAKEDECK_DATA_DIR: dataDir, NO_COLOR: '1' },
    cols,
    rows: 50,
    onData: (data) => (output += data),
  })
  const exit = await run.exited
  return { code: exit.exitCode, output }
}

/**
 * The row a terminal `cols` wide is on after `text` (from row 0), and what that row then shows:
 * "\r", "\n", erase to the end of the line and printable characters, wrapping as a terminal does
 * when a character comes after the last column.
 */
function drawn(text: string, cols: number): { row: number; line: string } {
  let row = 0
  let cells: string[] = []
  let col = 0
  // eslint-disable-next-line no-control-regex -- a terminal's input is control characters
  for (const [token] of text.matchAll(/\x1b\[[0-?]*[ -/]*[@-~]|[\s\S]/gu)) {
    if (token === '\r') col = 0
    else if (token === '\n') [row, cells] = [row + 1, []]
    else if (token === '\x1b[K') cells = cells.slice(0, col)
    else if (token.startsWith('\x1b')) continue
    else {
      if (col === cols) [row, cells, col] = [row + 1, [], 0]
      cells[col++] = token
    }
  }
  return { row, line: cells.join('') }
}

describe('flakedeck predict in a terminal', () => {
  test('shows its progress on one row, erases it, then prints the result', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    git(fixture.pkgsRepo, 'checkout', '-q', 'main')
    git(fixture.pkgsRepo, 'merge', '-q', '--ff-only', fixture.revs['version bump'])
    const args = ['predict', '--update', 'pkgs', '--flake', fixture.repo]
    const expected = captureIoWithData(temp(), { NO_COLOR: '1' })
    expect(await runCli(args, expected)).toBe(0)
    expect(expected.stdout).toMatch(/^Host demo\n/)

    // 30 columns: most steps are longer, and must be cut rather than wrap.
    const { code, output } = await inTerminal(process.execPath, [cliPath, ...args], temp(), 30)
    expect(code, output).toBe(0)
    const cleared = output.lastIndexOf('\r\x1b[K')
    expect(cleared, output).toBeGreaterThan(0)
    const progress = output.slice(0, cleared + '\r\x1b[K'.length)
    const steps = ['Locking the', "Reading the flake's", 'Host demo: Eval', 'Host demo: Com']
    for (const step of steps) {
      expect(progress).toContain(`\r${step}`)
    }
    // Every rewrite stayed on the first row, and the row is blank when the result starts.
    for (const { index } of progress.matchAll(/\r/g)) {
      expect(drawn(progress.slice(0, index), 30).row, progress.slice(0, index)).toBe(0)
    }
    expect(drawn(progress, 30)).toEqual({ row: 0, line: '' })
    // The terminal turns "\n" into "\r\n"; nothing else comes between.
    expect(output.slice(progress.length)).toBe(expected.stdout.replaceAll('\n', '\r\n'))
  })

  test('Ctrl+C while it works erases its line first, then ends it by the signal', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    const args = [cliPath, 'predict', '--update', 'pkgs', '--flake', fixture.repo]
    let output = ''
    let shown: () => void = () => {}
    const showing = new Promise<void>((resolve) => (shown = resolve))
    const run = await pty.spawn(process.execPath, args, {
      env: { FLAKEDECK_DATA_DIR: temp(), NO_COLOR: '1' },
      cols: 80,
      rows: 50,
      onData: (data) => {
        output += data
        if (output.includes('\rLocking the')) shown()
      },
    })
    await showing
    // The terminal's ^C: its line discipline sends SIGINT to the command (and nix under it).
    run.write('\x03')
    const exit = await run.exited
    expect(exit.signal, output).toBe(2)
    expect(output.endsWith('\r\x1b[K') || output.endsWith('^C\r\x1b[K'), output).toBe(true)
    expect(drawn(output.replace('^C', ''), 80), output).toEqual({ row: 0, line: '' })
  })

  test('with stderr redirected, no progress: neither in the file nor on the terminal', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    const log = join(temp(), 'stderr.log')
    const args = [cliPath, 'predict', '--host', 'demo', '--flake', fixture.repo]
    const script = 'log="$1"; shift; exec "$@" 2>"$log"'
    const { code, output } = await inTerminal(
      'sh',
      ['-c', script, 'sh', log, process.execPath, ...args],
      temp(),
      80,
    )
    expect(code, output).toBe(0)
    expect(readFileSync(log, 'utf8')).toBe('')
    expect(output).not.toContain('\x1b[K')
    expect(output).toMatch(/^Host demo\r\n/)
  })
})
