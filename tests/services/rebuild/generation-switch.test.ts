// Switching to an existing generation as a rebuild run: real nix, real node-pty, fixture systems
// whose bin/switch-to-configuration records its action (see rebuild-fixture.ts).
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/app-error'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { createPtyRunner } from '../../../src/main/services/pty-runner'
import { RebuildService } from '../../../src/main/services/rebuild/rebuild-service'
import { openDatabase } from '../../../src/main/store/database'
import type { RebuildEvent, RebuildStartInput } from '../../../src/shared/rebuild/types'
import {
  activationLogVariable,
  currentSystem,
  makeRebuildFixture,
  type RebuildFixture,
} from '../../fixtures/rebuild-fixture'
import { git, writeFiles } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const runner = createProcessRunner()
const nix = new NixService(runner)
const openDbs: Database.Database[] = []
const services: RebuildService[] = []
const storeLeftovers: string[] = []

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()))
  for (const db of openDbs.splice(0)) db.close()
  for (const path of storeLeftovers.splice(0)) rmSync(path, { recursive: true, force: true })
})

function harness() {
  const dir = tempDir('flakedeck-genswitch-')
  chmodSync(dir, 0o755) // builders (nixbld users) write below it
  const db = openDatabase(join(dir, 'data'))
  openDbs.push(db)
  const events: RebuildEvent[] = []
  mkdirSync(join(dir, 'profiles'))
  const profilePath = join(dir, 'profiles', 'system')
  const activationLog = join(dir, 'activation.log')
  const service: RebuildService = new RebuildService(
    {
      db,
      nix,
      git: new GitService(runner),
      pty: createPtyRunner(),
      emit: (event) => events.push(event),
    },
    { workDir: join(dir, 'work'), env: { [activationLogVariable]: activationLog } },
  )
  services.push(service)
  const fixture = (variant: 'ok' | 'slow'): RebuildFixture => {
    const place = join(dir, `fixture-${randomUUID()}`)
    mkdirSync(place)
    return makeRebuildFixture(place, variant)
  }
  const buildInput = (f: RebuildFixture): RebuildStartInput => ({
    repo: f.repo,
    host: f.host,
    action: 'switch',
    mode: 'profile',
    profilePath,
    sudo: false,
    extraArgs: [],
    customCommand: null,
    structuredLog: true,
    confirmBeforeActivate: false,
  })
  return {
    dir,
    service,
    events,
    profilePath,
    fixture,
    buildInput,
    /** Builds and switches the fixture's configuration: the profile's next generation. */
    async build(f: RebuildFixture) {
      const run = await service.wait((await service.start(buildInput(f))).runId)
      expect(run.status).toBe('succeeded')
      return run
    },
    activations: () =>
      existsSync(activationLog) ? readFileSync(activationLog, 'utf8').trim().split('\n') : [],
    phases: (runId: number) =>
      events.flatMap((e) =>
        e.name === 'rebuild.state' && e.payload.runId === runId ? [e.payload.state.phase] : [],
      ),
    /** The whole output, as the log view reads it. */
    outputOf: (runId: number) =>
      service
        .log(runId, 1, 5000)
        .lines.map((l) => l.text)
        .join('\n'),
  }
}

/** A second configuration of the fixture, committed: a different system. */
function changeConfiguration(fixture: RebuildFixture): void {
  const file = join(fixture.repo, 'hosts/demo.nix')
  writeFiles(fixture.repo, {
    'hosts/demo.nix': readFileSync(file, 'utf8').replace('echo writing etc', 'echo writing etc 2'),
  })
  git(fixture.repo, 'commit', '-qam', 'second configuration')
}

/** Adds a store path to the profile as its next generation (nix-env --set). */
function addGeneration(profile: string, storePath: string): void {
  execFileSync('nix-env', ['-p', profile, '--set', storePath], { stdio: 'ignore' })
}

/** A valid store path shaped like a system but without bin/switch-to-configuration. */
function buildPlainSystem(): string {
  const expression = `builtins.derivation {
    name = "nixos-system-plain-24.05";
    system = "${currentSystem()}";
    builder = "/bin/sh";
    nonce = "${randomUUID()}";
    args = [ "-c" "/bin/mkdir -p $out/bin && echo 24.05 > $out/nixos-version" ];
  }`
  return execFileSync('nix-build', ['--no-out-link', '-E', expression], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()
}

const base32 = '0123456789abcdfghijklmnpqrsvwxyz'

/** A folder in the store that nix does not know (never registered): not a valid path. */
function unregisteredSystem(): string {
  let hash = ''
  for (let i = 0; i < 32; i++) hash += base32[Math.floor(Math.random() * base32.length)]
  const path = `/nix/store/${hash}-nixos-system-unregistered-24.05`
  mkdirSync(join(path, 'bin'), { recursive: true })
  writeFileSync(join(path, 'bin', 'switch-to-configuration'), '#!/bin/sh\necho "$1"\n')
  chmodSync(join(path, 'bin', 'switch-to-configuration'), 0o755)
  storeLeftovers.push(path)
  return path
}

describe('switching to an existing generation', () => {
  it('rolls back: sets the profile to the generation and activates it, recorded as a run', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    const first = await h.build(fixture)
    const firstCommit = git(fixture.repo, 'rev-parse', 'HEAD')
    changeConfiguration(fixture)
    const second = await h.build(fixture)
    expect(second).toMatchObject({ generation: 2 })
    expect(second.storePath).not.toBe(first.storePath)
    expect(readlinkSync(h.profilePath)).toBe('system-2-link')

    const { runId, plan } = await h.service.switchToGeneration({
      repo: fixture.repo,
      profilePath: h.profilePath,
      number: 1,
      action: 'switch',
      sudo: false,
      mode: 'profile',
    })
    const switchProgram = `${first.storePath}/bin/switch-to-configuration`
    const commands = [
      ['nix-env', '-p', h.profilePath, '--switch-generation', '1'],
      [switchProgram, 'switch'],
    ]
    expect(plan).toMatchObject({ action: 'switch', confirmBeforeStep: null })
    expect(plan.steps.map((s) => s.argv)).toEqual(commands)
    // Shown at once by a window that did not start it: the first event names host and action.
    const firstState = h.events.find((e) => e.name === 'rebuild.state' && e.payload.runId === runId)
    expect(firstState?.payload).toMatchObject({
      repo: fixture.repo,
      host: 'demo',
      action: 'switch',
      state: { phase: 'starting', toplevel: first.storePath },
    })

    const run = await h.service.wait(runId)
    expect(run).toMatchObject({
      status: 'succeeded',
      statusText: 'Switched to generation 1.',
      action: 'switch',
      mode: 'profile',
      host: 'demo',
      repo: fixture.repo,
      storePath: first.storePath,
      generation: 1,
      exitCode: 0,
      failure: null,
      commands,
      // What the system was built from, not the repo as it is now.
      gitCommit: firstCommit,
    })
    expect(readlinkSync(h.profilePath)).toBe('system-1-link')
    // Every generation is kept (unlike nix-env --set, which would make a third).
    expect(readlinkSync(`${h.profilePath}-2-link`)).toBe(second.storePath)
    expect(existsSync(`${h.profilePath}-3-link`)).toBe(false)
    expect(h.activations()).toEqual(['switch', 'switch', 'switch'])
    expect(h.phases(runId)).toEqual(['starting', 'setting-profile', 'activating', 'finished'])
    const output = h.outputOf(runId)
    expect(output).toContain('nix-env -p')
    expect(output).toContain('switch-to-configuration: switch')
    expect(h.service.output(runId)!.replace(/\r\n/g, '\n').trimEnd()).toBe(output)
    expect(h.service.list({ repo: fixture.repo }).map((r) => r.id)).toEqual([
      runId,
      second.id,
      first.id,
    ])
    // The generation is still linked to the run that built it, not to the switch.
    expect(h.service.store.byStorePaths([first.storePath!]).get(first.storePath!)?.id).toBe(
      first.id,
    )

    // And forward again, for the next boot only.
    const boot = await h.service.wait(
      (
        await h.service.switchToGeneration({
          repo: fixture.repo,
          profilePath: h.profilePath,
          number: 2,
          action: 'boot',
          sudo: false,
          mode: 'profile',
        })
      ).runId,
    )
    expect(boot).toMatchObject({
      status: 'succeeded',
      action: 'boot',
      statusText: 'Generation 2 will be used at the next boot.',
      storePath: second.storePath,
      generation: 2,
    })
    expect(readlinkSync(h.profilePath)).toBe('system-2-link')
    expect(h.activations().at(-1)).toBe('boot')
  })

  it('plans the exact commands with sudo, without running anything', async () => {
    const h = harness()
    const system = buildPlainSystem()
    addGeneration(h.profilePath, system)
    // A system with switch-to-configuration, made without a run: named after its host.
    const fixture = h.fixture('ok')
    const built = execFileSync(
      'nix',
      [
        'build',
        '--no-link',
        '--json',
        `${fixture.repo}#nixosConfigurations.demo.config.system.build.toplevel`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const toplevel = (JSON.parse(built) as { outputs: { out: string } }[])[0]!.outputs.out
    addGeneration(h.profilePath, toplevel)

    const { plan, host, target } = await h.service.planGenerationSwitch({
      profilePath: h.profilePath,
      number: 2,
      action: 'boot',
      sudo: true,
      mode: 'nixos-rebuild',
    })
    expect(plan).toEqual({
      mode: 'nixos-rebuild',
      action: 'boot',
      confirmBeforeStep: null,
      profilePath: h.profilePath,
      steps: [
        {
          kind: 'set-profile',
          argv: ['sudo', 'nix-env', '-p', h.profilePath, '--switch-generation', '2'],
          structuredLog: false,
          optional: false,
        },
        {
          kind: 'activate',
          argv: ['sudo', `${toplevel}/bin/switch-to-configuration`, 'boot'],
          structuredLog: false,
          optional: false,
        },
      ],
    })
    expect(host).toBe('demo')
    expect(target).toMatchObject({ number: 2, storePath: toplevel, profileName: 'system' })
    // Planning ran nothing.
    expect(readlinkSync(h.profilePath)).toBe('system-2-link')
    expect(h.activations()).toEqual([])
    expect(h.service.list()).toEqual([])
  })

  it('refuses a dangling or invalid generation and one without switch-to-configuration', async () => {
    const h = harness()
    const fixture = h.fixture('ok')
    addGeneration(h.profilePath, buildPlainSystem()) // 1: no switch-to-configuration
    const first = await h.build(fixture) // 2
    expect(first.generation).toBe(2)
    symlinkSync(
      '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-gone-24.05',
      `${h.profilePath}-7-link`,
    )
    symlinkSync(unregisteredSystem(), `${h.profilePath}-8-link`)
    const attempt = (number: number) =>
      h.service
        .switchToGeneration({
          repo: fixture.repo,
          profilePath: h.profilePath,
          number,
          action: 'switch',
          sudo: false,
          mode: 'nixos-rebuild',
        })
        .catch((e: unknown) => e)

    const dangling = await attempt(7)
    expect(dangling).toBeInstanceOf(AppError)
    expect(dangling).toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no longer exists'),
    })
    expect(await attempt(8)).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/Generation 8 cannot be activated: .* valid store path/),
      hint: expect.stringContaining('Repair the store'),
    })
    expect(await attempt(1)).toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(
        /Generation 1 cannot be activated: .* no bin\/switch-to-configuration/,
      ),
      hint: expect.stringContaining('without activating'),
    })
    expect(await attempt(5)).toMatchObject({
      code: 'not-found',
      hint: 'Its generations are 1-2, 7-8.',
    })

    // Nothing ran, nothing was recorded, and the repo is free for the next run.
    expect(readlinkSync(h.profilePath)).toBe('system-2-link')
    expect(h.activations()).toEqual(['switch'])
    expect(h.service.list().map((r) => r.id)).toEqual([first.id])
    const again = await h.service.wait(
      (
        await h.service.switchToGeneration({
          repo: fixture.repo,
          profilePath: h.profilePath,
          number: 2,
          action: 'switch',
          sudo: false,
          mode: 'profile',
        })
      ).runId,
    )
    expect(again).toMatchObject({ status: 'succeeded', generation: 2 })
  })

  it('is refused while the repo has a run', async () => {
    const h = harness()
    const slow = h.fixture('slow')
    const building = await h.service.start(h.buildInput(slow))
    const refused = await h.service
      .switchToGeneration({
        repo: slow.repo,
        profilePath: h.profilePath,
        number: 1,
        action: 'switch',
        sudo: false,
        mode: 'profile',
      })
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({
      code: 'unavailable',
      message: `A rebuild of ${slow.repo} is already running (run ${building.runId}: switch of demo).`,
    })
    h.service.cancel(building.runId)
    expect((await h.service.wait(building.runId)).status).toBe('cancelled')
  })
})
