// The events a change pushes to every window, so each one's data layer refetches what it shows:
// settings.changed with the new settings, inputs.changed once flake.nix or flake.lock was
// written, generations.changed with the profile a change touched (a rebuild's only once it made
// a generation). Through the core's dispatcher, as the windows call it.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Core } from '../../src/main/core/core'
import type { EventName } from '../../src/shared/channels'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { makeInputsFixture } from '../fixtures/inputs-fixture'
import { makeRebuildFixture } from '../fixtures/rebuild-fixture'
import { useTempDirs } from '../helpers/temp-dir'
import { useCores } from '../helpers/test-core'
import { until } from '../helpers/waiting'

const tempDir = useTempDirs()
const newCore = useCores(tempDir)

interface Heard {
  name: EventName
  payload: unknown
}

function makeCore(env?: NodeJS.ProcessEnv): { core: Core; heard: Heard[] } {
  const core = newCore({ env })
  const heard: Heard[] = []
  core.events.subscribe((name, payload) => heard.push({ name, payload }))
  return { core, heard }
}

async function call<T = unknown>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

const named = (heard: Heard[], name: EventName) =>
  heard.filter((event) => event.name === name).map((event) => event.payload)

describe('core events', () => {
  it('settings.changed carries the settings after a change, and a refused change sends none', async () => {
    const { core, heard } = makeCore()
    await call(core, 'settings.get', {})
    expect(named(heard, 'settings.changed')).toEqual([])
    const after = await call(core, 'settings.set', { inputAgeWarningDays: 30 })
    expect(named(heard, 'settings.changed')).toEqual([after])
    expect(after).toMatchObject({ inputAgeWarningDays: 30 })
    expect((await core.dispatch('settings.set', { inputAgeWarningDays: -1 })).ok).toBe(false)
    expect(named(heard, 'settings.changed')).toHaveLength(1)
  })

  it('inputs.changed follows a write of flake.lock, never a read or a change that wrote nothing', async () => {
    const fixture = makeInputsFixture(tempDir('flakedeck-events-inputs-'))
    const { core, heard } = makeCore()
    const repo = (await call<{ path: string }>(core, 'repo.open', { path: fixture.flake })).path
    await call(core, 'inputs.read', { repo })
    // The lock is as committed: undo writes nothing.
    expect(await call(core, 'inputs.undo', { repo })).toMatchObject({ lockChanged: false })
    expect(named(heard, 'inputs.changed')).toEqual([])

    expect(await call(core, 'inputs.update', { repo, names: ['data'] })).toMatchObject({
      lockChanged: true,
    })
    expect(named(heard, 'inputs.changed')).toEqual([{ repo }])
    await call(core, 'inputs.undo', { repo })
    expect(named(heard, 'inputs.changed')).toEqual([{ repo }, { repo }])
  })

  it('generations.changed names the profile a switch or a profile list change touched', async () => {
    const root = tempDir('flakedeck-events-profiles-')
    const system = makeGenerationsProfile(join(root, 'system'), { n: 10, gens: 2, k: 5 })
    const other = makeGenerationsProfile(join(root, 'other'), { n: 10, gens: 1, k: 5 })
    const { core, heard } = makeCore({
      ...process.env,
      HOME: root,
      XDG_STATE_HOME: join(root, 'state'),
    })
    await call(core, 'settings.set', { profilePath: system })
    await call(core, 'generations.list', {})
    expect(named(heard, 'generations.changed')).toEqual([])

    await call(core, 'generations.switch', { number: 1 })
    expect(named(heard, 'generations.changed')).toEqual([{ profile: system }])

    heard.length = 0
    await call(core, 'generations.addProfile', { path: other, view: false })
    await call(core, 'generations.removeProfile', { path: other })
    expect(named(heard, 'generations.changed')).toEqual([{ profile: other }, { profile: other }])
    // The profile list lives in the settings: every window's copy of them changes too.
    expect(named(heard, 'settings.changed')).toMatchObject([
      { extraProfiles: [other] },
      { extraProfiles: [] },
    ])
  })

  it("generations.changed follows a rebuild once it made a generation of the rebuild's profile", async () => {
    const dir = tempDir('flakedeck-events-rebuild-')
    const fixture = makeRebuildFixture(dir, 'ok')
    const profile = join(dir, 'profiles', 'system')
    mkdirSync(join(dir, 'profiles'))
    const { core, heard } = makeCore()
    await call(core, 'settings.set', {
      rebuildMode: 'profile',
      rebuildProfilePath: profile,
      rebuildSudo: false,
      lookBeforeSwitch: false,
    })
    const repo = (await call<{ path: string }>(core, 'repo.open', { path: fixture.repo })).path
    const finished = () => named(heard, 'rebuild.finished').length

    // A build makes no generation: nothing to announce.
    await call(core, 'rebuild.start', { repo, host: fixture.host, action: 'build' })
    await until(() => finished() === 1, 'the build', 120_000)
    await new Promise((r) => setTimeout(r, 50))
    expect(named(heard, 'generations.changed')).toEqual([])

    const { runId } = await call<{ runId: number }>(core, 'rebuild.start', {
      repo,
      host: fixture.host,
      action: 'switch',
    })
    await until(() => named(heard, 'generations.changed').length > 0, 'the announcement', 120_000)
    expect(named(heard, 'generations.changed')).toEqual([{ profile }])
    expect(await core.rebuild.wait(runId)).toMatchObject({ status: 'succeeded', generation: 1 })
  })
})
