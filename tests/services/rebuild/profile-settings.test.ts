// The profile a rebuild writes and the profile the Generations area shows are two settings:
// choosing another profile to look at never moves what a switch writes or compares against.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { databaseFileName, openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import type { RebuildPlan } from '../../../src/shared/rebuild/types'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

function makeCore(dataDir = tempDir('flakedeck-data-')): Core {
  const core = createCore({ dataDir, shell: 'browser', appVersion: '0.0.0-test' })
  cores.push(core)
  return core
}

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

async function openRepo(core: Core): Promise<string> {
  const repo = makeRepo(join(tempDir(), 'config'), { 'flake.nix': minimalFlake })
  await call(core, 'repo.open', { path: repo })
  return repo
}

// A folder that exists: a switch refuses a profile whose folder is missing before it builds.
const sysprofileDir = mkdtempSync(join(tmpdir(), 'flakedeck-sysprofile-'))
afterAll(() => rmSync(sysprofileDir, { recursive: true, force: true }))
const sysprofile = join(sysprofileDir, 'system')
const viewed = '/nix/var/nix/profiles/per-user/me/home-manager'

describe('rebuild and Generations profiles', () => {
  it('a switch writes the rebuild profile, whatever profile Generations shows', async () => {
    const core = makeCore()
    const repo = await openRepo(core)
    await call(core, 'settings.set', {
      rebuildMode: 'profile',
      rebuildProfilePath: sysprofile,
      rebuildSudo: false,
    })
    // Generations → Change…: another profile to look at.
    const settings = await call<Record<string, unknown>>(core, 'settings.set', {
      profilePath: viewed,
    })
    expect(settings).toMatchObject({ profilePath: viewed, rebuildProfilePath: sysprofile })

    const plan = await call<RebuildPlan>(core, 'rebuild.plan', {
      repo,
      host: 'demo',
      action: 'switch',
    })
    expect(plan.profilePath).toBe(sysprofile)
    const setProfile = plan.steps.find((s) => s.kind === 'set-profile')
    expect(setProfile?.argv).toEqual(['nix-env', '-p', sysprofile, '--set', '<toplevel>'])
    expect(JSON.stringify(plan)).not.toContain(viewed)

    // And the Generations area reads the one it was pointed at.
    const listed = await core.dispatch('generations.list', {})
    expect(listed.ok).toBe(false)
    expect(listed.ok ? '' : listed.error.message).toContain(viewed)
  })

  it("nixos-rebuild mode compares against nixos-rebuild's own profile", async () => {
    const core = makeCore()
    const repo = await openRepo(core)
    await call(core, 'settings.set', {
      rebuildMode: 'nixos-rebuild',
      rebuildProfilePath: sysprofile,
      profilePath: viewed,
      rebuildExtraArgs: [],
    })
    const plan = await call<RebuildPlan>(core, 'rebuild.plan', {
      repo,
      host: 'demo',
      action: 'switch',
    })
    expect(plan.profilePath).toBe('/nix/var/nix/profiles/system')
    await call(core, 'settings.set', { rebuildExtraArgs: ['--profile-name', 'work'] })
    const named = await call<RebuildPlan>(core, 'rebuild.plan', {
      repo,
      host: 'demo',
      action: 'boot',
    })
    expect(named.profilePath).toBe('/nix/var/nix/profiles/system-profiles/work')
  })

  it('refuses a rebuild profile that is not a full path', async () => {
    const core = makeCore()
    const result = await core.dispatch('settings.set', { rebuildProfilePath: 'profiles/system' })
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } })
  })
})

describe('settings from before the split', () => {
  /** A data folder as the version with one profile setting left it. */
  function oldDataDir(profilePath: string | null): string {
    const dataDir = tempDir('flakedeck-old-data-')
    const before = migrations.filter((m) => m.name !== '0006-rebuild-profile-setting')
    openDatabase(dataDir, { migrations: before }).close()
    const db = new Database(join(dataDir, databaseFileName))
    if (profilePath !== null) {
      db.prepare("INSERT INTO settings (key, value) VALUES ('profilePath', ?)").run(
        JSON.stringify(profilePath),
      )
    }
    db.close()
    return dataDir
  }

  it('keeps rebuilding the profile the user had, and the Generations view too', async () => {
    const core = makeCore(oldDataDir(sysprofile))
    expect(core.settings.get()).toMatchObject({
      profilePath: sysprofile,
      rebuildProfilePath: sysprofile,
    })
    core.settings.set({ profilePath: viewed })
    expect(core.settings.get()).toMatchObject({
      profilePath: viewed,
      rebuildProfilePath: sysprofile,
    })
  })

  it('leaves both at the default when none was set', async () => {
    const core = makeCore(oldDataDir(null))
    expect(core.settings.get()).toMatchObject({
      profilePath: '/nix/var/nix/profiles/system',
      rebuildProfilePath: '/nix/var/nix/profiles/system',
    })
  })
})
