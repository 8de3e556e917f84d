// `flakedeck predict` against the prediction fixture (a system flake whose packages come from a
// local input repository), with real nix: an update by name, a pin, the working tree, JSON, and
// bad usage; its status line on a terminal's stderr. The repo is left as it was.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { predictStatus, type PredictReport } from '../../src/main/cli/predict-command'
import { runCli } from '../../src/main/cli/run-cli'
import { displayWidth } from '../../src/main/cli/terminal-width'
import { hostNix, makePredictFixture } from '../fixtures/predict-fixture'
import { git } from '../helpers/git-repo'
import { captureIoWithData } from '../helpers/cli-io'
import { useTempDirs } from '../helpers/temp-dir'

const temp = useTempDirs()

const captureIo = (dataDir: string) => captureIoWithData(dataDir, { NO_COLOR: '1' })

/** The same, as if stderr were a terminal `columns` wide. */
const terminalIo = (dataDir: string, columns: number) =>
  Object.assign(captureIo(dataDir), { errTerminal: { columns } })

/** What a status line said, one entry per rewrite ('' for the erase). */
function statusTexts(stderr: string): string[] {
  const frames = stderr.split('\r').slice(1)
  for (const frame of frames) expect(frame.endsWith('\x1b[K'), frame).toBe(true)
  return frames.map((frame) => frame.slice(0, -'\x1b[K'.length))
}

describe('flakedeck predict', () => {
  test('--help describes the options, and the main help lists the command', async () => {
    const io = captureIo(temp())
    expect(await runCli(['predict', '--help'], io)).toBe(0)
    expect(io.stdout).toContain(
      'Usage: flakedeck predict [--update NAME…|--update-all|--pin NAME=REF|--running [--profile P]]',
    )
    const main = captureIo(temp())
    expect(await runCli(['--help'], main)).toBe(0)
    expect(main.stdout).toMatch(/^ {2}predict {5}what an update/m)
  })

  test('an update of the input, printed like diff, then as JSON; nothing written', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    // main of the pkgs repository moves to the version bump, as an upstream would.
    git(fixture.pkgsRepo, 'checkout', '-q', 'main')
    git(fixture.pkgsRepo, 'merge', '-q', '--ff-only', fixture.revs['version bump'])
    const lock = readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')
    const dataDir = temp()
    const io = captureIo(dataDir)
    expect(await runCli(['predict', '--update', 'pkgs', '--flake', fixture.repo], io)).toBe(0)
    const lines = io.stdout.split('\n')
    expect(lines[0]).toBe('Host demo')
    expect(lines[1]).toMatch(
      /^linux 6\.6\.30 → 6\.6\.32 \(a reboot is needed\), 2 packages upgraded, 2 packages rebuilt at the same version, \d+ derivations to build$/,
    )
    expect(io.stdout).toContain('Needs a reboot: 1\n  linux  6.6.30 → 6.6.32')
    expect(io.stdout).toMatch(/^\[U\* \]\s+hello\s+2\.12 → 2\.13$/m)
    expect(io.stdout).toContain('to build it: 1 derivation changes (hello 2.12.tar → 2.13.tar)')
    expect(readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')).toBe(lock)
    expect(git(fixture.repo, 'status', '--porcelain')).toBe('')

    const json = captureIo(dataDir)
    expect(
      await runCli(
        ['predict', '--update', 'pkgs', '--flake', fixture.repo, '--host', 'demo', '--json'],
        json,
      ),
    ).toBe(0)
    const report = JSON.parse(json.stdout) as PredictReport
    expect(report.hosts).toHaveLength(1)
    const entry = report.hosts[0]!
    expect(entry.ok && entry.prediction.cached).toBe(true)
    expect(entry.ok && entry.prediction.system.changes.map((c) => c.name)).toEqual([
      'linux',
      'hello',
      'nixos-system-demo',
      'system-path',
    ])
  })

  test('a pin to a commit, and the working tree against the last commit', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    const io = captureIo(temp())
    const pin = `pkgs=${fixture.revs['added and removed']}`
    expect(await runCli(['predict', '--pin', pin, '--flake', fixture.repo, '--json'], io)).toBe(0)
    const pinned = (JSON.parse(io.stdout) as PredictReport).hosts[0]!
    expect(pinned.ok && pinned.prediction.system.changes.map((c) => [c.name, c.kind])).toEqual([
      ['gone', 'removed'],
      ['newpkg', 'added'],
      ['nixos-system-demo', 'changed'],
      ['system-path', 'changed'],
    ])
    expect(git(fixture.repo, 'status', '--porcelain')).toBe('')

    writeFileSync(join(fixture.repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
    const edited = captureIo(temp())
    expect(await runCli(['predict', '--flake', fixture.repo], edited)).toBe(0)
    expect(edited.stdout).toMatch(/^\[A\* \]\s+cc\s+13\.2$/m)
  })

  test('--running: the working tree against the current generation of a profile', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
    const attr = 'nixosConfigurations.demo.config.system.build.toplevel.drvPath'
    const built = run('nix-store', [
      '--realise',
      run('nix', ['eval', '--raw', `${fixture.repo}#${attr}`]),
    ])
    const profiles = temp()
    run('nix-env', ['-p', join(profiles, 'system'), '--set', built])
    writeFileSync(join(fixture.repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
    const io = captureIo(temp())
    const args = ['predict', '--running', '--profile', join(profiles, 'system')]
    expect(await runCli([...args, '--flake', fixture.repo], io)).toBe(0)
    expect(io.stdout.split('\n')[1]).toBe(
      'Against generation 1 (the running system): 1 package added, 2 packages rebuilt at the same version, 2 derivations to build',
    )
    expect(io.stdout).toMatch(/^\[A\* \]\s+cc\s+13\.2$/m)

    const both = captureIo(temp())
    expect(await runCli(['predict', '--running', '--update', 'pkgs'], both)).toBe(2)
    expect(both.stderr).toContain('--running compares the working tree')
    const alone = captureIo(temp())
    expect(await runCli(['predict', '--profile', '/x'], alone)).toBe(2)
    expect(alone.stderr).toContain('--profile goes with --running')
  })

  test('an evaluation error names its file and line and exits 1; bad usage exits 2', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    const broken = hostNix(' ++ missingThing')
    writeFileSync(join(fixture.repo, 'host.nix'), broken)
    const line = broken.split('\n').findIndex((l) => l.includes('missingThing')) + 1
    const io = captureIo(temp())
    expect(await runCli(['predict', '--host', 'demo', '--flake', fixture.repo], io)).toBe(1)
    expect(io.stdout).toContain('The proposed configuration does not evaluate:')
    expect(io.stdout).toMatch(new RegExp(`at host\\.nix:${line}:\\d+`))

    const both = captureIo(temp())
    expect(await runCli(['predict', '--update', 'pkgs', '--pin', 'pkgs=main'], both)).toBe(2)
    expect(both.stderr).toContain('give one of --update, --update-all and --pin')
    const badPin = captureIo(temp())
    expect(await runCli(['predict', '--pin', 'pkgs'], badPin)).toBe(2)
    expect(badPin.stderr).toContain('--pin takes NAME=REF')
  })

  test('on a terminal, a status line on stderr says each step, then is erased before the result', async () => {
    const fixture = makePredictFixture(temp('flakedeck-cli-predict-'))
    git(fixture.pkgsRepo, 'checkout', '-q', 'main')
    git(fixture.pkgsRepo, 'merge', '-q', '--ff-only', fixture.revs['version bump'])
    const args = ['predict', '--update', 'pkgs', '--flake', fixture.repo]
    const terminal = terminalIo(temp(), 60)
    expect(await runCli(args, terminal)).toBe(0)
    const piped = captureIo(temp())
    expect(await runCli(args, piped)).toBe(0)

    expect(terminal.stdout).toBe(piped.stdout)
    expect(piped.stderr).toBe('')
    const texts = statusTexts(terminal.stderr)
    expect(terminal.stderr.endsWith('\r\x1b[K')).toBe(true)
    expect(texts.at(-1)).toBe('')
    // Never wider than the terminal less a column: a wrapped line cannot be rewritten in place.
    for (const text of texts) expect(displayWidth(text)).toBeLessThanOrEqual(59)
    const steps = [
      'Locking the update in a copy of the flake…',
      "Reading the flake's hosts…",
      'Host demo: Starting…',
      'Host demo: Evaluating the system',
      'Host demo: Reading both derivation closures…',
      'Host demo: Asking the store what is built already…',
      'Host demo: Asking nix what must be built or fetched…',
      'Host demo: Comparing…',
    ]
    const at = steps.map((step) => texts.findIndex((text) => text.startsWith(step)))
    expect(
      at.every((index) => index >= 0),
      texts.join('\n'),
    ).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  test('on a terminal, the line is erased before an error; "host k of n" with several', async () => {
    const notAFlake = temp()
    const io = terminalIo(temp(), 80)
    expect(await runCli(['predict', '--flake', notAFlake], io)).toBe(1)
    const erased = "\rReading the flake's hosts…\x1b[K\r\x1b[K"
    expect(io.stderr.startsWith(erased), io.stderr).toBe(true)
    expect(io.stderr.slice(erased.length)).toMatch(/^flakedeck predict: [^\r]+$/)

    expect(predictStatus('laptop', 1, 3, { phase: 'dry-run', activity: null })).toBe(
      'Host laptop (2 of 3): Asking nix what must be built or fetched…',
    )
    expect(
      predictStatus('demo', 0, 1, {
        phase: 'evaluating-after',
        activity: "copying '/x' to the store",
      }),
    ).toBe("Host demo: Evaluating the system with this change… copying '/x' to the store")
  })
})
