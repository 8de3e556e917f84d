// Captures nix's internal-json output from real builds run in a terminal and checks the parser
// and progress against them. With FLAKEDECK_UPDATE_CAPTURES=1 it also saves them to
// tests/fixtures/captured/NAME-SERIES.nixlog (SERIES: the nix on PATH, e.g. 2.26), the streams
// the unit tests read:
//   FLAKEDECK_UPDATE_CAPTURES=1 npx vitest run tests/services/rebuild/captured-streams.test.ts
import { execFileSync } from 'node:child_process'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { failedDerivations } from '../../../src/shared/rebuild/failure'
import { NixLogSplitter, type NixLogEntry } from '../../../src/shared/rebuild/nix-log-parser'
import { ProgressTracker } from '../../../src/shared/rebuild/progress'
import { createPtyRunner } from '../../../src/main/services/pty-runner'
import { makeRebuildFixture, toplevelOf, type FixtureVariant } from '../../fixtures/rebuild-fixture'
import { saveCapture } from '../../fixtures/captures'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

/**
 * Runs nix in a terminal, as a rebuild does, and returns everything it printed: internal-json
 * lines mixed with other text, \r\n line ends and all.
 */
async function captureNixLog(
  args: readonly string[],
): Promise<{ output: string; exitCode: number }> {
  let output = ''
  const proc = await createPtyRunner().spawn('nix', args, {
    onData: (data) => (output += data),
  })
  const exit = await proc.exited
  return { output, exitCode: exit.exitCode }
}
const logArgs = ['--log-format', 'internal-json', '-v']

function fixtureIn(variant: FixtureVariant) {
  const dir = tempDir('flakedeck-capture-')
  chmodSync(dir, 0o755)
  return { dir, fixture: makeRebuildFixture(dir, variant) }
}

/** Builds the fixture's toplevel with `flags` and captures what nix prints, in a folder of its own. */
async function captureBuild(variant: FixtureVariant, flags: string[]) {
  const { dir, fixture } = fixtureIn(variant)
  const { output, exitCode } = await captureNixLog(['build', toplevelOf(fixture), ...flags])
  return { dir, fixture, output, exitCode }
}

/** Saves a capture with the temp folder replaced by a stable one, when asked to. */
function save(name: string, output: string, dir: string): void {
  saveCapture(name, output, [dir])
}

function parse(output: string): { entries: NixLogEntry[]; text: string; tracker: ProgressTracker } {
  const splitter = new NixLogSplitter()
  const tracker = new ProgressTracker()
  const entries: NixLogEntry[] = []
  let text = ''
  let clock = 0
  for (const item of [...splitter.push(output), ...splitter.end()]) {
    if (item.kind === 'text') text += item.text
    else {
      entries.push(item.entry)
      tracker.apply(item.entry, ++clock)
    }
  }
  return { entries, text, tracker }
}

describe('internal-json streams of real builds', () => {
  it('a chain of builds', async () => {
    const { dir, output, exitCode } = await captureBuild('chain', ['--no-link', ...logArgs])
    expect(exitCode).toBe(0)
    save('chain-build', output, dir)
    const { tracker, text } = parse(output)
    expect(text.replace(/\s/g, '')).toBe('')
    const progress = tracker.snapshot()
    expect(progress.builds).toEqual({ done: 4, expected: 4, running: 0, failed: 0 })
    expect(progress.phase).toBe('building')
  })

  it('a failing build', async () => {
    const { dir, output, exitCode } = await captureBuild('failing', ['--no-link', ...logArgs])
    expect(exitCode).not.toBe(0)
    save('failing-build', output, dir)
    const { tracker, entries } = parse(output)
    const messages = entries.flatMap((e) => (e.action === 'msg' && e.level === 0 ? [e.msg] : []))
    const [failed] = failedDerivations(messages.join('\n'), '', (d) => tracker.logTail(d))
    expect(failed).toMatchObject({ name: 'broken-1.0', exitCode: 1 })
    expect(failed!.logTail.at(-1)).toBe('broken.c:42: error: something went wrong')
    expect(tracker.snapshot().builds.failed).toBe(1)
  })

  it('a failing build as text (no structured log, as a custom rebuild command may print)', async () => {
    const { dir, output, exitCode } = await captureBuild('failing', ['--no-link'])
    expect(exitCode).not.toBe(0)
    saveCapture('failing-build-text', output, [dir], 'txt')
    const [failed] = failedDerivations('', output, () => [])
    expect(failed).toMatchObject({ name: 'broken-1.0', exitCode: 1 })
    expect(failed!.logTail.at(-1)).toBe('broken.c:42: error: something went wrong')
  })

  it('an evaluation error', async () => {
    const { dir, fixture, output, exitCode } = await captureBuild('eval-error', [
      '--no-link',
      ...logArgs,
    ])
    expect(exitCode).not.toBe(0)
    save('eval-error', output, dir)
    const { tracker, entries } = parse(output)
    expect(tracker.evaluationDone).toBe(false)
    expect(entries.some((e) => e.action === 'msg' && e.raw.line === fixture.errorLine)).toBe(true)
  })

  it('a dry run', async () => {
    const { dir, output, exitCode } = await captureBuild('chain', ['--dry-run', ...logArgs])
    expect(exitCode).toBe(0)
    save('dry-run', output, dir)
    expect(
      parse(output).entries.some((e) => e.action === 'msg' && /will be built/.test(e.msg)),
    ).toBe(true)
  })

  it('a substitution from a binary cache', async () => {
    const { dir, fixture } = fixtureIn('ok')
    const built = await captureNixLog([
      'build',
      toplevelOf(fixture),
      '--out-link',
      join(dir, 'result'),
      ...logArgs,
    ])
    expect(built.exitCode).toBe(0)
    const toplevel = execFileSync('readlink', ['-f', join(dir, 'result')], {
      encoding: 'utf8',
    }).trim()
    const cache = `file://${join(dir, 'cache')}`
    execFileSync('nix', ['copy', '--to', cache, toplevel], { stdio: 'ignore' })
    // A second store of its own (as root, a folder), filled from the cache: copies, downloads.
    const { output, exitCode } = await captureNixLog([
      'build',
      '--store',
      join(dir, 'other-store'),
      '--substituters',
      cache,
      '--option',
      'require-sigs',
      'false',
      '--no-link',
      toplevel,
      ...logArgs,
    ])
    expect(exitCode).toBe(0)
    save('substitute', output, dir)
    const progress = parse(output).tracker.snapshot()
    expect(progress.copies.done).toBeGreaterThanOrEqual(1)
    expect(progress.copies.done).toBe(progress.copies.expected)
    expect(progress.copies.bytesExpected).toBeGreaterThan(0)
    expect(progress.builds.done).toBe(0)
  })
})
