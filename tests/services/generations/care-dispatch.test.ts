// Generations care through the core's dispatcher, as the UI calls it: payloads are checked
// before anything runs, and the profile list, pins and boot settings round-trip.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeGenerationsProfile } from '../../fixtures/generations-profile'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

describe('generations care calls', () => {
  it('refuse a policy that keeps nothing named, an empty label, and relative paths', async () => {
    const core = makeCore()
    expect(
      await core.dispatch('generations.cleanupPlan', {
        policy: { keep: null, keepSinceDays: null },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('Say what to keep') },
    })
    expect(await core.dispatch('generations.pin', { number: 1, label: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('A pin needs a short label') },
    })
    expect(
      await core.dispatch('generations.addProfile', { path: 'profiles/x', view: true }),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    expect(await core.dispatch('settings.set', { bootDir: 'boot' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(await core.dispatch('settings.set', { extraProfiles: ['rel'] })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })

  it('adds a profile (shown at once), lists it after the system, and removes it', async () => {
    const root = tempDir('flakedeck-care-profiles-')
    const system = makeGenerationsProfile(join(root, 'system'), { n: 10, gens: 2, k: 5 })
    const other = makeGenerationsProfile(join(root, 'other'), { n: 10, gens: 1, k: 5 })
    // No Home Manager profile in this home.
    const core = makeCore({
      env: { ...process.env, HOME: root, XDG_STATE_HOME: join(root, 'state') },
    })
    await core.dispatch('settings.set', {
      rebuildMode: 'profile',
      rebuildProfilePath: system,
      profilePath: system,
    })
    const added = await core.dispatch('generations.addProfile', {
      path: join(root, 'other'),
      view: true,
    })
    expect(added).toMatchObject({
      ok: true,
      value: {
        viewed: other,
        profiles: [
          { kind: 'system', path: system, label: 'System', generationCount: 2 },
          { kind: 'added', path: other, label: 'system', generationCount: 1, problem: null },
        ],
      },
    })
    const settings = await core.dispatch('settings.get', {})
    expect(settings).toMatchObject({ value: { profilePath: other, extraProfiles: [other] } })
    const removed = await core.dispatch('generations.removeProfile', { path: other })
    // Still viewed, so still listed; no longer remembered.
    expect(removed).toMatchObject({ value: { profiles: [{ kind: 'system' }, { path: other }] } })
    expect(await core.dispatch('settings.get', {})).toMatchObject({
      value: { extraProfiles: [] },
    })
  })

  it('reads the boot folder from the settings, and says when it cannot', async () => {
    const core = makeCore()
    const missing = join(tempDir(), 'no-boot')
    await core.dispatch('settings.set', { bootDir: missing })
    const boot = await core.dispatch('generations.boot', {})
    expect(boot).toMatchObject({
      ok: true,
      value: {
        bootDir: missing,
        loader: 'none',
        problem: expect.stringContaining('cannot be read'),
      },
    })
  })
})
