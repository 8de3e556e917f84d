import type Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/app-error'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { createPtyRunner, type PtyRunner } from '../../../src/main/services/pty-runner'
import { feedAllowanceChars, feedTailChars } from '../../../src/main/services/rebuild/run-feed'
import { RebuildService } from '../../../src/main/services/rebuild/rebuild-service'
import { runOwner } from '../../../src/main/services/rebuild/run-owner'
import { openDatabase } from '../../../src/main/store/database'
import type {
  RebuildEvent,
  RebuildProgress,
  RebuildStartInput,
  RebuildState,
} from '../../../src/shared/rebuild/types'
import { resolveArgv } from '../../../src/main/services/rebuild/rebuild-command'
import {
  activationLogVariable,
  dryActivateFailsVariable,
  dryActivateUnits,
  makeRebuildFixture,
  type FixtureVariant,
  type RebuildFixture,
  writeFakeNixosRebuild,
} from '../../fixtures/rebuild-fixture'
import { git, writeFiles } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { isRunning, until } from '../../helpers/waiting'

const tempDir = useTempDirs()
const runner = createProcessRunner()
const nix = new NixService(runner)
const gitService = new GitService(runner)
const openDbs: Database.Database[] = []
const services: RebuildService[] = []

afterEach(async () => {
  // A test that failed half-way leaves no build behind.
  await Promise.all(services.splice(0).map((s) => s.dispose()))
  for (const db of openDbs.splice(0)) db.close()
})

/** Processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmdline.includes(text) && isRunning(Number(entry))) found.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

interface Harness {
  dir: string
  db: Database.Database
  service: RebuildService
  events: RebuildEvent[]
  profilePath: string
  activationLog: string
  fixture(variant: FixtureVariant): RebuildFixture
  input(fixture: RebuildFixture, overrides?: Partial<RebuildStartInput>): RebuildStartInput
  outputOf(runId: number): string
  states(runId: number): RebuildState[]
  /** The run's state once it waits for confirmation (waited for). */
  confirmation(runId: number): Promise<RebuildState>
  progress(runId: number): RebuildProgress[]
  activations(): string[]
}

/** A pty runner that tells `spawned` of each program it started (by its file name). */
function ptyWatched(
  spawned: (command: string, options: Parameters<PtyRunner['spawn']>[2]) => void,
): PtyRunner {
  const pty = createPtyRunner()
  return {
    baseEnv: pty.baseEnv,
    warm: pty.warm,
    spawn: async (command, args, options) => {
      const started = await pty.spawn(command, args, options)
      spawned(command.split('/').pop()!, options)
      return started
    },
  }
}

function harness(
  dataDir?: string,
  deps: {
    git?: GitService
    pty?: PtyRunner
    onEvent?: (event: RebuildEvent) => void
    env?: Record<string, string>
    disposeWaitMs?: number
  } = {},
): Harness {
  const dir = tempDir('flakedeck-rebuild-')
  // Builders (nixbld users) write marker files below it.
  chmodSync(dir, 0o755)
  const db = openDatabase(dataDir ?? join(dir, 'data'))
  openDbs.push(db)
  const events: RebuildEvent[] = []
  const profiles = join(dir, 'profiles')
  mkdirSync(profiles)
  const activationLog = join(dir, 'activation.log')
  const service: RebuildService = new RebuildService(
    {
      db,
      nix,
      git: deps.git ?? gitService,
      pty: deps.pty ?? createPtyRunner(),
      emit: (event) => {
        events.push(event)
        deps.onEvent?.(event)
      },
    },
    {
      workDir: join(dir, 'work'),
      env: {
        [activationLogVariable]: activationLog,
        FLAKEDECK_TEST_PROFILE: join(profiles, 'system'),
        ...deps.env,
      },
      ...(deps.disposeWaitMs !== undefined ? { disposeWaitMs: deps.disposeWaitMs } : {}),
    },
  )
  services.push(service)
  let fixtures = 0
  return {
    dir,
    db,
    service,
    events,
    profilePath: join(profiles, 'system'),
    activationLog,
    fixture: (variant) => {
      const place = join(dir, `fixture-${fixtures++}`)
      mkdirSync(place)
      return makeRebuildFixture(place, variant)
    },
    input(fixture, overrides = {}) {
      return {
        repo: fixture.repo,
        host: fixture.host,
        action: 'switch',
        mode: 'profile',
        profilePath: this.profilePath,
        sudo: false,
        extraArgs: [],
        customCommand: null,
        structuredLog: true,
        confirmBeforeActivate: false,
        ...overrides,
      }
    },
    outputOf: (runId) => service.output(runId) ?? '',
    states: (runId) =>
      events.flatMap((e) =>
        e.name === 'rebuild.state' && e.payload.runId === runId ? [e.payload.state] : [],
      ),
    async confirmation(runId) {
      const waiting = () => this.states(runId).find((s) => s.phase === 'awaiting-confirmation')
      await until(() => waiting() !== undefined, 'the confirmation')
      return waiting()!
    },
    progress: (runId) =>
      events.flatMap((e) =>
        e.name === 'rebuild.progress' && e.payload.runId === runId ? [e.payload.progress] : [],
      ),
    activations: () =>
      existsSync(activationLog) ? readFileSync(activationLog, 'utf8').trim().split('\n') : [],
  }
}

describe('rebuild service (profile mode, real nix)', () => {
  it('switches: builds, records a generation, activates, and stores the run', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const { runId, plan } = await h.service.start(h.input(fixture))
    expect(plan.steps.map((s) => s.kind)).toEqual(['build', 'set-profile', 'activate'])
    const run = await h.service.wait(runId)

    expect(run).toMatchObject({
      status: 'succeeded',
      host: 'demo',
      action: 'switch',
      mode: 'profile',
      exitCode: 0,
      generation: 1,
      gitCommit: git(fixture.repo, 'rev-parse', 'HEAD'),
      gitDirty: false,
      failure: null,
    })
    expect(run.storePath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-nixos-system-demo-24\.05/)
    expect(readlinkSync(h.profilePath)).toBe('system-1-link')
    expect(readlinkSync(`${h.profilePath}-1-link`)).toBe(run.storePath)
    expect(h.activations()).toEqual(['switch'])
    expect(run.endedAt).toBeGreaterThanOrEqual(run.startedAt)
    // The commands as they ran, the toplevel filled in.
    expect(run.commands[1]).toEqual(['nix-env', '-p', h.profilePath, '--set', run.storePath])
    expect(run.commands[2]).toEqual([`${run.storePath}/bin/switch-to-configuration`, 'switch'])

    const output = h.outputOf(runId)
    expect(output).not.toContain('@nix {')
    expect(output).toContain("building '/nix/store/")
    expect(output).toContain('etc> writing etc')
    expect(output).toContain('switch-to-configuration: switch')
    expect(h.service.output(runId)).toBe(output)

    const phases = h.states(runId).map((s) => s.phase)
    expect(phases[0]).toBe('starting')
    expect(phases).toEqual(
      expect.arrayContaining(['evaluating', 'building', 'setting-profile', 'activating']),
    )
    expect(phases.at(-1)).toBe('finished')
    const finished = h.events.find((e) => e.name === 'rebuild.finished')
    expect(finished?.payload).toMatchObject({ runId, run: { status: 'succeeded' } })
    expect(h.service.list({ repo: fixture.repo }).map((r) => r.id)).toEqual([runId])
  })

  it('starts the first command before git reads what the repo is made of, and records it', async () => {
    // git's processes (the commit, whether the tree has changes) must not delay the build.
    const order: string[] = []
    const watchedPty = ptyWatched((command) => order.push(`spawned ${command}`))
    class WatchedGit extends GitService {
      override run(...args: Parameters<GitService['run']>) {
        order.push(`git ${args[1][0]}`)
        return super.run(...args)
      }
      override runChecked(...args: Parameters<GitService['runChecked']>) {
        order.push(`git ${args[1][0]}`)
        return super.runChecked(...args)
      }
    }
    const h = harness(undefined, { git: new WatchedGit(runner), pty: watchedPty })
    const fixture = h.fixture('ok')
    const run = await h.service.wait((await h.service.start(h.input(fixture))).runId)

    expect(run).toMatchObject({
      status: 'succeeded',
      gitCommit: git(fixture.repo, 'rev-parse', 'HEAD'),
      gitDirty: false,
    })
    expect(order[0]).toBe('spawned nix')
    expect(order).toContain('git status')
  })

  it('starts each command at the size of the terminal the run was started from', async () => {
    // The window sends its terminal's size with the start, not in a resize after it.
    const sizes: string[] = []
    const sizedPty = ptyWatched((command, options) =>
      sizes.push(`${command} ${options.cols}x${options.rows}`),
    )
    const h = harness(undefined, { pty: sizedPty })
    const input = { ...h.input(h.fixture('ok')), terminal: { cols: 132, rows: 43 } }
    const run = await h.service.wait((await h.service.start(input)).runId)
    expect(run.status).toBe('succeeded')
    expect(sizes).toEqual(['nix 132x43', 'nix-env 132x43', 'switch-to-configuration 132x43'])
  })

  it('closes in bounded time when a cancelled run will not end; the run stays running, for the next start', async () => {
    // A program that escaped its process group and holds the terminal: no kill ends it.
    let started = false
    const stuck: PtyRunner = {
      ...createPtyRunner(),
      spawn: () => {
        started = true
        return Promise.resolve({
          pid: 2 ** 22 + 1,
          exited: new Promise(() => undefined),
          write: () => false,
          resize: () => undefined,
          kill: () => undefined,
        })
      },
    }
    const h = harness(undefined, { pty: stuck, disposeWaitMs: 200 })
    const fixture = h.fixture('ok')
    const { runId } = await h.service.start(h.input(fixture))
    await until(() => started, 'the first command')
    await h.service.dispose()
    expect(h.service.list({ repo: fixture.repo }).find((r) => r.id === runId)?.status).toBe(
      'running',
    )
  })

  it('asks for the first command before anything can come between it and the run announced', async () => {
    // A window that hears of the run asks for its output at once: that must not delay nix.
    const order: string[] = []
    const pty = createPtyRunner()
    const watchedPty: PtyRunner = {
      baseEnv: pty.baseEnv,
      warm: pty.warm,
      spawn: (command, args, options) => {
        order.push('command asked for')
        return pty.spawn(command, args, options)
      },
    }
    const h = harness(undefined, {
      pty: watchedPty,
      onEvent: (event) => {
        if (event.name === 'rebuild.state' && event.payload.state.phase === 'starting') {
          setImmediate(() => order.push('a window asks'))
        }
      },
    })
    const run = await h.service.wait((await h.service.start(h.input(h.fixture('ok')))).runId)
    expect(run.status).toBe('succeeded')
    expect(order.slice(0, 2)).toEqual(['command asked for', 'a window asks'])
  })

  it('reports builds done of expected while building a chain of derivations', async () => {
    const h = harness()
    const fixture = h.fixture('chain')
    const { runId } = await h.service.start(h.input(fixture, { action: 'build' }))
    const run = await h.service.wait(runId)
    expect(run).toMatchObject({ status: 'succeeded', generation: null, statusText: 'Built.' })
    expect(run.storePath).toMatch(/-nixos-system-demo-/)
    expect(existsSync(h.profilePath)).toBe(false)
    expect(h.activations()).toEqual([])

    const snapshots = h.progress(runId)
    const last = snapshots.at(-1)!
    expect(last.builds).toEqual({ done: 4, expected: 4, running: 0, failed: 0 })
    expect(last.running).toEqual([])
    expect(last.phase).toBe('building')
    expect(last.evaluationEndedAt).toBeGreaterThanOrEqual(last.evaluationStartedAt!)
    // Throttled: never more than one snapshot per 100 ms on average, plus the final one.
    const seconds = (run.endedAt! - run.startedAt) / 1000
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 3)
  })

  it('names the failed derivation, its exit code and its last log lines', async () => {
    const h = harness()
    const fixture = h.fixture('failing')
    const { runId } = await h.service.start(h.input(fixture))
    const run = await h.service.wait(runId)
    expect(run.status).toBe('failed')
    expect(run.exitCode).not.toBe(0)
    expect(run.failure).toMatchObject({
      kind: 'build',
      message: 'Building broken-1.0 failed (exit code 1).',
    })
    const [failed] = run.failure!.failedDerivations
    expect(failed).toMatchObject({ name: 'broken-1.0', exitCode: 1 })
    expect(failed!.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-broken-1\.0\.drv$/)
    expect(failed!.logTail).toEqual([
      'configuring broken',
      'compiling broken.c',
      'broken.c:42: error: something went wrong',
    ])
    expect(run.statusText).toBe(run.failure!.message)
    expect(h.progress(runId).at(-1)!.failed).toEqual([failed!.drvPath])
    expect(existsSync(h.profilePath)).toBe(false)
    expect(h.activations()).toEqual([])
  })

  it('links an evaluation error to its file and line in the repo', async () => {
    const h = harness()
    const fixture = h.fixture('eval-error')
    const { runId } = await h.service.start(h.input(fixture))
    const run = await h.service.wait(runId)
    expect(run.status).toBe('failed')
    expect(run.failure?.kind).toBe('evaluation')
    const [diagnostic] = run.failure!.diagnostics
    expect(diagnostic).toMatchObject({
      severity: 'error',
      message: "undefined variable 'undefinedThing'",
      repoFile: fixture.errorFile,
      line: fixture.errorLine,
    })
    expect(diagnostic!.file).toMatch(/^\/nix\/store\/[a-z0-9]{32}-source\/hosts\/demo\.nix$/)
    expect(run.failure!.message).toBe(
      `Evaluating the configuration failed: undefined variable 'undefinedThing' (hosts/demo.nix:${fixture.errorLine})`,
    )
    expect(h.states(runId).map((s) => s.phase)).not.toContain('building')
    expect(h.progress(runId).at(-1)!.phase).toBe('evaluating')
  })

  it('cancel stops the build and every process of it', async () => {
    const h = harness()
    const fixture = h.fixture('slow')
    const pidFile = join(fixture.markerDir, 'builder.pid')
    const { runId } = await h.service.start(h.input(fixture))
    await until(
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '',
      'the builder',
    )
    const builder = Number(readFileSync(pidFile, 'utf8'))
    expect(isRunning(builder)).toBe(true)
    await until(
      () => h.progress(runId).some((p) => p.running.some((b) => b.name === 'slow-1.0')),
      'the running build in the progress',
    )
    const running = h.progress(runId).findLast((p) => p.running.length > 0)!.running[0]!
    expect(running.startedAt).toBeGreaterThan(0)

    h.service.cancel(runId)
    const run = await h.service.wait(runId)
    expect(run).toMatchObject({ status: 'cancelled', statusText: 'Cancelled.' })
    await until(() => !isRunning(builder), 'the builder to end', 10_000)
    expect(processesMentioning(fixture.repo)).toEqual([])
  })

  it('refuses a second rebuild of a repo while one runs', async () => {
    const h = harness()
    const fixture = h.fixture('slow')
    const first = await h.service.start(h.input(fixture))
    const second = await h.service.start(h.input(fixture, { action: 'boot' })).catch((e) => e)
    expect(second).toBeInstanceOf(AppError)
    expect(second).toMatchObject({
      code: 'unavailable',
      message: `A rebuild of ${fixture.repo} is already running (run ${first.runId}: switch of demo).`,
    })
    h.service.cancel(first.runId)
    await h.service.wait(first.runId)
    // Once it has ended, the repo is free again (a dry run is quick).
    const third = await h.service.start(h.input(fixture, { action: 'dry-build' }))
    expect((await h.service.wait(third.runId)).status).toBe('succeeded')
  })

  it('a window that stops reading holds nothing back: the build finishes, all of it stored, and the window skips to the exact tail', async () => {
    const h = harness()
    const fixture = h.fixture('noisy')
    const { runId } = await h.service.start(h.input(fixture, { action: 'build' }))
    // The window reads once (the command line), then reads nothing more, as a page that hangs.
    const first = await h.service.feed(runId, 0, 0, 20_000)
    expect(first.data).toContain('nix')
    expect(first.skippedLines).toBe(0)
    const run = await h.service.wait(runId)
    expect(run.status).toBe('succeeded')
    const stored = h.outputOf(runId)
    const lines = stored.split('\r\n').filter((l) => l.startsWith('noisy-1.0> '))
    expect(lines).toHaveLength(20_000)
    expect(lines.at(-1)).toBe('noisy-1.0> 20000')
    expect(run.outputTruncated).toBe(false)

    // The window comes back: it is far behind, so it gets the newest lines and how many it
    // missed, not 20,000 lines to draw.
    expect(stored.length - first.next).toBeGreaterThan(feedAllowanceChars)
    const back = await h.service.feed(runId, first.next, first.nextLine, 0)
    expect(back.skippedLines).toBeGreaterThan(10_000)
    expect(back.data.length).toBeLessThanOrEqual(feedTailChars)
    // The tail is exact: the stored log ends with it, it starts at a line start, and the lines
    // read, skipped and shown add up to the whole log.
    expect(stored.endsWith(back.data)).toBe(true)
    expect(stored.at(-back.data.length - 1)).toBe('\n')
    const newlines = (text: string) => text.split('\n').length - 1
    expect(first.nextLine + back.skippedLines + newlines(back.data)).toBe(newlines(stored))
    expect(back.data).toContain('noisy-1.0> 20000\r\n')
    expect(back).toMatchObject({ next: stored.length, nextLine: newlines(stored), ended: true })
    // Caught up: nothing more, and no wait for a run that has ended.
    expect(await h.service.feed(runId, back.next, back.nextLine, 20_000)).toMatchObject({
      data: '',
      skippedLines: 0,
      ended: true,
    })
  })

  it('builds, asks what would restart, waits for confirmation, then activates or stops', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const first = await h.service.start(h.input(fixture, { confirmBeforeActivate: true }))
    expect(first.plan.steps.map((s) => s.kind)).toEqual([
      'build',
      'dry-activate',
      'set-profile',
      'activate',
    ])
    const waiting = await h.confirmation(first.runId)
    expect(waiting.toplevel).toMatch(/-nixos-system-demo-/)
    expect(waiting.currentToplevel).toBeNull()
    // The new system's switch-to-configuration dry-activate ran in the run's terminal, before
    // the confirmation; nothing was activated.
    expect(waiting.dryActivation).toEqual({
      status: 'known',
      units: { ...dryActivateUnits, restartSystemd: true, swapOff: [] },
    })
    const phases = h.states(first.runId).map((s) => s.phase)
    expect(phases.indexOf('checking-activation')).toBeGreaterThan(phases.indexOf('building'))
    expect(phases.indexOf('checking-activation')).toBeLessThan(
      phases.indexOf('awaiting-confirmation'),
    )
    expect(h.activations()).toEqual(['dry-activate'])
    expect(existsSync(h.profilePath)).toBe(false)
    h.service.confirm(first.runId)
    const confirmed = await h.service.wait(first.runId)
    expect(confirmed).toMatchObject({ status: 'succeeded', generation: 1 })
    expect(confirmed.storePath).toBe(waiting.toplevel)
    expect(confirmed.commands).toEqual(
      first.plan.steps.map((s) => resolveArgv(s.argv, waiting.toplevel)),
    )
    expect(h.activations()).toEqual(['dry-activate', 'switch'])
    // Its command and what it printed are in the run's log, before the activation's.
    const output = h.outputOf(first.runId)
    const asked = output.indexOf(`$ ${waiting.toplevel}/bin/switch-to-configuration dry-activate`)
    expect(asked).toBeGreaterThan(0)
    expect(
      output.indexOf('would restart the following units: nginx.service, sshd.service'),
    ).toBeGreaterThan(asked)
    expect(output.indexOf('switch-to-configuration: switch')).toBeGreaterThan(asked)

    // A changed configuration, declined: built, but neither recorded nor activated.
    writeFiles(fixture.repo, { 'hosts/extra.txt': 'changed\n' })
    writeFiles(fixture.repo, {
      'hosts/demo.nix': readFileSync(join(fixture.repo, 'hosts/demo.nix'), 'utf8').replace(
        'echo writing etc',
        'echo writing etc again',
      ),
    })
    git(fixture.repo, 'commit', '-qam', 'change')
    const second = await h.service.start(h.input(fixture, { confirmBeforeActivate: true }))
    const second_ = await h.confirmation(second.runId)
    expect(second_.currentToplevel).toBe(confirmed.storePath)
    expect(second_.toplevel).not.toBe(confirmed.storePath)
    h.service.decline(second.runId)
    const declined = await h.service.wait(second.runId)
    expect(declined).toMatchObject({
      status: 'cancelled',
      statusText: 'Built, not activated.',
      storePath: second_.toplevel,
      generation: null,
      failure: null,
    })
    expect(readlinkSync(h.profilePath)).toBe('system-1-link')
    // Declined: asked, never activated.
    expect(h.activations()).toEqual(['dry-activate', 'switch', 'dry-activate'])
    expect(() => h.service.confirm(second.runId)).toThrow(/already finished/)
  })

  it('a dry activation that fails says why, and the switch goes on after confirmation', async () => {
    const h = harness(undefined, { env: { [dryActivateFailsVariable]: '1' } })
    const fixture = h.fixture('ok')
    const { runId } = await h.service.start(h.input(fixture, { confirmBeforeActivate: true }))
    const waiting = await h.confirmation(runId)
    expect(waiting.dryActivation).toEqual({
      status: 'unknown',
      reason:
        'switch-to-configuration dry-activate exited with 1: This is not a NixOS installation!',
    })
    expect(h.activations()).toEqual(['dry-activate'])
    h.service.confirm(runId)
    expect(await h.service.wait(runId)).toMatchObject({
      status: 'succeeded',
      generation: 1,
      failure: null,
    })
    expect(h.activations()).toEqual(['dry-activate', 'switch'])
    expect(h.outputOf(runId)).toContain(
      'Which services a switch would restart is not known: switch-to-configuration dry-activate exited with 1',
    )
  })

  it('refuses keystrokes while no command runs, instead of dropping them', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const { runId } = await h.service.start(h.input(fixture, { confirmBeforeActivate: true }))
    await h.confirmation(runId)
    // The build has ended and activation waits for the user: a password typed now goes nowhere.
    expect(() => h.service.write(runId, 's3cret\r')).toThrow(
      `What you typed did not reach rebuild ${runId}: it is waiting for you to activate or decline the new configuration.`,
    )
    h.service.decline(runId)
    await h.service.wait(runId)
    expect(() => h.service.write(runId, 's3cret\r')).toThrow(/already finished/)
  })

  it('test activates without the profile; boot sets the profile and prepares the boot', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const test = await h.service.wait(
      (await h.service.start(h.input(fixture, { action: 'test' }))).runId,
    )
    expect(test).toMatchObject({ status: 'succeeded', generation: null })
    expect(existsSync(h.profilePath)).toBe(false)
    const boot = await h.service.wait(
      (await h.service.start(h.input(fixture, { action: 'boot' }))).runId,
    )
    expect(boot).toMatchObject({ status: 'succeeded', generation: 1, storePath: test.storePath })
    expect(h.activations()).toEqual(['test', 'boot'])
  })

  it('switching to the same configuration again keeps its generation', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const first = await h.service.wait((await h.service.start(h.input(fixture))).runId)
    const again = await h.service.wait((await h.service.start(h.input(fixture))).runId)
    expect(again).toMatchObject({ status: 'succeeded', generation: 1, storePath: first.storePath })
    expect(h.activations()).toEqual(['switch', 'switch'])
  })

  it('a dry build builds nothing and says what it would build', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const { runId, plan } = await h.service.start(h.input(fixture, { action: 'dry-build' }))
    expect(plan.steps).toHaveLength(1)
    expect(plan.steps[0]!.argv).toContain('--dry-run')
    const run = await h.service.wait(runId)
    expect(run).toMatchObject({ status: 'succeeded', storePath: null, generation: null })
    expect(h.outputOf(runId)).toContain('will be built')
    expect(h.activations()).toEqual([])
  })
})

describe('rebuild service (nixos-rebuild mode, with a stand-in command)', () => {
  // nixos-rebuild is not installed here; a custom command that behaves like it (see
  // writeFakeNixosRebuild) drives the same code path.
  it('builds, waits for confirmation, activates, and reads the new generation', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const script = writeFakeNixosRebuild(h.dir)
    const input = h.input(fixture, {
      mode: 'nixos-rebuild',
      customCommand: `${script} {action} --flake {flake}`,
      confirmBeforeActivate: true,
    })
    const plan = await h.service.plan(input)
    expect(plan.steps.map((s) => s.argv)).toEqual([
      [script, 'build', '--flake', `${fixture.repo}#demo`, '--log-format', 'internal-json', '-v'],
      ['<toplevel>/bin/switch-to-configuration', 'dry-activate'],
      [script, 'switch', '--flake', `${fixture.repo}#demo`, '--log-format', 'internal-json', '-v'],
    ])
    expect(plan.confirmBeforeStep).toBe(2)
    const { runId } = await h.service.start(input)
    const waiting = await h.confirmation(runId)
    expect(waiting.toplevel).toMatch(/-nixos-system-demo-/)
    expect(h.service.running()).toMatchObject([
      { runId, repo: fixture.repo, state: { phase: 'awaiting-confirmation' } },
    ])
    // The dry activation asked the system nixos-rebuild build left at ./result.
    expect(waiting.dryActivation).toEqual({
      status: 'known',
      units: { ...dryActivateUnits, restartSystemd: true, swapOff: [] },
    })
    expect(h.activations()).toEqual(['dry-activate'])
    h.service.confirm(runId)
    const run = await h.service.wait(runId)
    expect(run).toMatchObject({ status: 'succeeded', generation: 1, storePath: waiting.toplevel })
    expect(run.commands).toEqual(plan.steps.map((s) => resolveArgv(s.argv, waiting.toplevel)))
    expect(run.commands[1]).toEqual([
      `${waiting.toplevel}/bin/switch-to-configuration`,
      'dry-activate',
    ])
    expect(h.activations()).toEqual(['dry-activate', 'switch'])
    expect(h.states(runId).map((s) => s.phase)).toContain('activating')
    expect(h.outputOf(runId)).toContain('building the system configuration...')
    expect(h.service.running()).toEqual([])
  })
})

describe('rebuild service (a system that cannot be asked what it would restart)', () => {
  // Commands that stand in for nixos-rebuild: one whose build leaves no ./result, one whose
  // ./result has no bin/switch-to-configuration. Neither stops the switch.
  const cases = [
    {
      name: 'no ./result',
      command: `/bin/sh -c 'echo ran {action}'`,
      reason: () => 'the built system was not found (no result link), so it could not be asked.',
    },
    {
      name: 'no bin/switch-to-configuration',
      command: `/bin/sh -c 'mkdir -p sys && ln -sfn "$PWD/sys" result && echo ran {action}'`,
      reason: (toplevel: string) =>
        `the new system has no ${toplevel}/bin/switch-to-configuration.`,
    },
  ]
  for (const c of cases) {
    it(`says why with ${c.name}, and switches after confirmation`, async () => {
      const h = harness()
      const fixture = h.fixture('ok')
      const { runId } = await h.service.start(
        h.input(fixture, {
          mode: 'nixos-rebuild',
          customCommand: c.command,
          structuredLog: false,
          confirmBeforeActivate: true,
        }),
      )
      const waiting = await h.confirmation(runId)
      expect(waiting.dryActivation).toEqual({
        status: 'unknown',
        reason: c.reason(waiting.toplevel ?? ''),
      })
      h.service.confirm(runId)
      const run = await h.service.wait(runId)
      expect(run).toMatchObject({ status: 'succeeded', failure: null })
      // Nothing was run for the dry activation: the build, then the switch.
      expect(run.commands.map((argv) => argv.at(-1)!.split(' ').at(-1))).toEqual([
        'build',
        'switch',
      ])
      expect(h.outputOf(runId)).toContain(
        `Which services a switch would restart is not known: ${c.reason(waiting.toplevel ?? '')}`,
      )
    })
  }
})

describe('rebuild service records', () => {
  it('marks runs left running by a crashed process as interrupted', () => {
    const dataDir = join(tempDir(), 'data')
    const first = harness(dataDir)
    const id = first.service.store.insert({
      repo: '/somewhere/flake',
      host: 'demo',
      action: 'switch',
      mode: 'profile',
      commands: [['nix', 'build']],
      startedAt: 1000,
      gitCommit: null,
      gitDirty: null,
      flakeLockSha256: null,
      // Owned by a process that has ended: the crashed Flakedeck.
      owner: runOwner(spawnSync('/bin/true').pid!),
    })
    expect(first.service.get(id)?.status).toBe('running')
    first.db.close()
    openDbs.splice(openDbs.indexOf(first.db), 1)

    const restarted = harness(dataDir)
    expect(restarted.service.get(id)?.status).toBe('running')
    expect(restarted.service.recoverInterrupted()).toBe(1)
    expect(restarted.service.get(id)).toMatchObject({
      status: 'interrupted',
      statusText: 'Flakedeck stopped while this rebuild was running.',
    })
    expect(restarted.service.get(id)!.endedAt).toBeGreaterThan(1000)
  })

  it('keeps going when the consumer of its events throws', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const careless = new RebuildService(
      {
        db: h.db,
        nix,
        git: gitService,
        pty: createPtyRunner(),
        emit: () => {
          throw new Error('the window went away')
        },
      },
      { workDir: join(h.dir, 'work3') },
    )
    services.push(careless)
    const run = await careless.wait(
      (await careless.start(h.input(fixture, { action: 'build' }))).runId,
    )
    expect(run.status).toBe('succeeded')
  })

  it('stores the output compressed and only its newest part', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const small = new RebuildService(
      { db: h.db, nix, git: gitService, pty: createPtyRunner(), emit: () => {} },
      { workDir: join(h.dir, 'work2'), outputCap: 200 },
    )
    services.push(small)
    const run = await small.wait((await small.start(h.input(fixture, { action: 'build' }))).runId)
    expect(run.outputTruncated).toBe(true)
    const stored = small.output(run.id)!
    expect(stored.length).toBeLessThanOrEqual(200)
    expect(stored).toContain('assembling the system')
    const raw = h.db.prepare('SELECT output FROM rebuild_runs WHERE id = ?').get(run.id) as {
      output: Buffer
    }
    expect(raw.output.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
  })
})
