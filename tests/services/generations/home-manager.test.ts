// Several profiles: the system, the user's Home Manager profile (found where home-manager keeps
// it) and added ones; Home Manager generations' own facts, their comparison, and "switch to"
// through their activate script, as a recorded run in a pty. Real nix, real SQLite.
import type Database from 'better-sqlite3'
import { existsSync, readFileSync, readlinkSync } from 'node:fs'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import {
  checkAddedProfile,
  discoverProfiles,
} from '../../../src/main/services/generations/profiles-discovery'
import { activationPlan } from '../../../src/main/services/rebuild/generation-activation'
import { resolveActivationTarget } from '../../../src/main/services/rebuild/generation-activation'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import { GitService } from '../../../src/main/services/git'
import { createPtyRunner } from '../../../src/main/services/pty-runner'
import { RebuildService } from '../../../src/main/services/rebuild/rebuild-service'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { makeGenerationsProfile } from '../../fixtures/generations-profile'
import { makeHomeManagerProfile } from '../../fixtures/home-manager-profile'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const openDbs: Database.Database[] = []
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close()
})

function service() {
  const runner = createProcessRunner()
  const db = openDatabase(tempDir('flakedeck-hm-db-'))
  openDbs.push(db)
  return new GenerationsService(runner, new NixService(runner), db, {
    bootedSystemPath: join(tempDir(), 'none'),
  })
}

const twoGenerations = [
  {
    packages: [
      ['ripgrep', '14.1.0'],
      ['git', '2.44.0'],
    ] as [string, string][],
  },
  {
    packages: [
      ['ripgrep', '14.1.1'],
      ['jq', '1.7.1'],
    ] as [string, string][],
    hmVersion: '25.05',
  },
]

describe('profile discovery', () => {
  it('finds the Home Manager profile under XDG_STATE_HOME, then the per-user one', async () => {
    const root = tempDir('flakedeck-discovery-')
    const home = join(root, 'home')
    const perUser = join(root, 'per-user')
    const system = makeGenerationsProfile(join(root, 'system-profiles'), { n: 10, gens: 2, k: 5 })
    const log = join(root, 'activations.log')
    const older = makeHomeManagerProfile(join(perUser, 'me'), twoGenerations.slice(0, 1), log)
    const base = { home, user: 'me', perUserDir: perUser, systemProfile: system, added: [] }

    // Only the older location has one.
    let found = await discoverProfiles({ ...base, viewed: system })
    expect(found.map((p) => [p.kind, p.path, p.generationCount])).toEqual([
      ['system', system, 2],
      ['home-manager', older, 1],
    ])
    // ~/.local/state/nix/profiles/home-manager wins when it has generations.
    const xdg = makeHomeManagerProfile(
      join(home, '.local', 'state', 'nix', 'profiles'),
      twoGenerations,
      log,
    )
    found = await discoverProfiles({ ...base, viewed: system })
    expect(found.map((p) => [p.label, p.path])).toEqual([
      ['System', system],
      ['Home Manager', xdg],
    ])
    // XDG_STATE_HOME moves it.
    found = await discoverProfiles({ ...base, stateHome: join(root, 'nowhere'), viewed: system })
    expect(found.map((p) => p.path)).toEqual([system, older])

    // Added profiles come last; one that is gone says why; the viewed one is always listed.
    const custom = makeGenerationsProfile(join(root, 'custom'), { n: 10, gens: 3, k: 5 })
    const gone = join(root, 'gone', 'profile')
    found = await discoverProfiles({ ...base, added: [custom, gone], viewed: '/x/viewed' })
    expect(found.map((p) => [p.kind, p.label, p.generationCount])).toEqual([
      ['system', 'System', 2],
      ['home-manager', 'Home Manager', 2],
      ['added', 'system', 3],
      ['added', 'profile', 0],
      ['added', 'viewed', 0],
    ])
    expect(found[3]!.problem).toBe(`There is no nix profile at ${gone}.`)
    // A system profile that is not there is left out unless it is the one viewed.
    const noSystem = { ...base, systemProfile: join(root, 'none', 'system') }
    found = await discoverProfiles({ ...noSystem, viewed: custom })
    expect(found.map((p) => p.kind)).toEqual(['home-manager', 'added'])
    found = await discoverProfiles({ ...noSystem, viewed: noSystem.systemProfile })
    expect(found[0]).toMatchObject({ kind: 'system', generationCount: 0 })
  })

  it('accepts a profile with generations to add, and says why another cannot be', async () => {
    const root = tempDir('flakedeck-add-')
    const custom = makeGenerationsProfile(join(root, 'p'), { n: 10, gens: 1, k: 5 })
    expect(await checkAddedProfile(join(root, 'p'))).toBe(custom)
    mkdirSync(join(root, 'empty'))
    await expect(checkAddedProfile(join(root, 'empty'))).rejects.toMatchObject({
      message: expect.stringContaining('has no generations'),
    })
    await expect(checkAddedProfile('relative/path')).rejects.toMatchObject({ code: 'bad-request' })
  })
})

describe('Home Manager generations', () => {
  it('show their version and home-path packages, and compare like systems', async () => {
    const root = tempDir('flakedeck-hm-')
    const log = join(root, 'activations.log')
    const profile = makeHomeManagerProfile(join(root, 'profiles'), twoGenerations, log)
    const s = service()
    const timeline = await s.list(profile)
    expect(
      timeline.generations.map((g) => [g.number, g.homeManagerVersion, g.homePackages]),
    ).toEqual([
      [2, '25.05', ['jq-1.7.1', 'ripgrep-14.1.1']],
      [1, '25.05-pre', ['git-2.44.0', 'ripgrep-14.1.0']],
    ])
    expect(timeline.generations[0]!.nixosVersion).toBeNull()

    const comparison = await s.compare(profile, 1, 2)
    const byName = new Map(comparison.changes.map((c) => [c.name, c]))
    expect(byName.get('ripgrep')).toMatchObject({
      kind: 'upgraded',
      oldVersions: ['14.1.0'],
      newVersions: ['14.1.1'],
      selected: true,
    })
    expect(byName.get('git')).toMatchObject({ kind: 'removed', selected: true })
    expect(byName.get('jq')).toMatchObject({ kind: 'added', selected: true })
  })

  it('are activated by their own activate script, never through sudo, and have no boot', async () => {
    const root = tempDir('flakedeck-hm-act-')
    const log = join(root, 'activations.log')
    const profile = makeHomeManagerProfile(join(root, 'profiles'), twoGenerations, log)
    const runner = createProcessRunner()
    const target = await resolveActivationTarget(profile, 1, new NixService(runner))
    expect(target.kind).toBe('home-manager')
    expect(target.storePath).toBe(readlinkSync(`${profile}-1-link`))
    const plan = activationPlan(target, { action: 'switch', sudo: true, mode: 'profile' })
    expect(plan.steps.map((s) => s.argv)).toEqual([
      ['nix-env', '-p', profile, '--switch-generation', '1'],
      [join(target.storePath, 'activate')],
    ])
    expect(() => activationPlan(target, { action: 'boot', sudo: false, mode: 'profile' })).toThrow(
      'Generation 1 is a Home Manager generation: it has no boot entry.',
    )
    // The script is what the fixture promised: it records which generation ran.
    await runner.runChecked(plan.steps[1]!.argv[0]!, [])
    expect(readFileSync(log, 'utf8')).toBe('activated 1\n')
    expect(existsSync(join(target.storePath, 'home-path', 'bin', 'git'))).toBe(true)
  })

  it('switch to runs the generation activate in a pty, as a recorded run', async () => {
    const root = tempDir('flakedeck-hm-run-')
    const log = join(root, 'activations.log')
    const profile = makeHomeManagerProfile(join(root, 'profiles'), twoGenerations, log)
    const repo = makeRepo(join(root, 'config'), { 'flake.nix': minimalFlake })
    const db = openDatabase(join(root, 'data'))
    openDbs.push(db)
    const runner = createProcessRunner()
    const rebuild: RebuildService = new RebuildService(
      {
        db,
        nix: new NixService(runner),
        git: new GitService(runner),
        pty: createPtyRunner(),
        emit: () => {},
      },
      { workDir: join(root, 'work') },
    )
    try {
      const { runId, plan } = await rebuild.switchToGeneration({
        repo,
        profilePath: profile,
        number: 1,
        action: 'switch',
        sudo: true,
        mode: 'profile',
      })
      const storePath = readlinkSync(`${profile}-1-link`)
      expect(plan.steps.map((s) => s.argv)).toEqual([
        ['nix-env', '-p', profile, '--switch-generation', '1'],
        [join(storePath, 'activate')],
      ])
      const run = await rebuild.wait(runId)
      expect(run).toMatchObject({
        status: 'succeeded',
        statusText: 'Switched to generation 1.',
        storePath,
        generation: 1,
      })
      expect(readlinkSync(profile)).toBe('home-manager-1-link')
      expect(readFileSync(log, 'utf8')).toBe('activated 1\n')
    } finally {
      await rebuild.dispose()
    }
  })
})
