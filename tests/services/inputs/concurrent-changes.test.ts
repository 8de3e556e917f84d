// A change made by the user or another window is never undone by Flakedeck. nix's lock commands
// are held (slow-nix.ts) while a save or another window's update lands, all through the core's
// dispatcher as windows call it, against real nix and real git.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { Result } from '../../../src/shared/errors'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { makeInputsFixture, type InputsFixture } from '../../fixtures/inputs-fixture'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'
import { slowNix, type SlowNix } from './slow-nix'

const temp = useTempDirs()
const makeCore = useCores(temp)

interface Setup {
  fixture: InputsFixture
  nix: SlowNix
  /** A core whose nix is the held one; each window of the app calls it. */
  core: Core
  call(method: string, input: unknown): Promise<Result<unknown>>
}

async function setup(): Promise<Setup> {
  const fixture = makeInputsFixture(temp('flakedeck-concurrent-'))
  const nix = slowNix(temp('flakedeck-slow-nix-'))
  const core = makeCore({ env: { ...process.env, PATH: nix.path } })
  expect(await core.dispatch('repo.open', { path: fixture.flake })).toMatchObject({ ok: true })
  return { fixture, nix, core, call: (method, input) => core.dispatch(method, input) }
}

const read = (f: InputsFixture, name: string) => readFileSync(join(f.flake, name), 'utf8')

function lockedRev(lockText: string, input: string): unknown {
  const lock = parseLockfile(lockText)
  const label = lock.nodes.get(lock.rootLabel)!.inputs[input] as string
  return lock.nodes.get(label)!.locked?.rev
}

/** Saves flake.nix as the editor does: from the version it opened. */
async function saveFlakeNix(s: Setup, edit: (text: string) => string): Promise<string> {
  const opened = (await s.call('files.read', { repo: s.fixture.flake, path: 'flake.nix' })) as {
    ok: true
    value: { content: string; version: string }
  }
  const content = edit(opened.value.content)
  const saved = await s.call('files.write', {
    repo: s.fixture.flake,
    path: 'flake.nix',
    content,
    baseVersion: opened.value.version,
  })
  expect(saved).toMatchObject({ ok: true })
  return content
}

const addComment = (text: string) => `# saved while nix ran\n${text}`

describe('a preview never touches the repo', () => {
  test('a save of flake.nix during a preview stays on disk', async () => {
    const s = await setup()
    const lockBefore = read(s.fixture, 'flake.lock')
    s.nix.hold()
    const preview = s.call('inputs.preview', {
      repo: s.fixture.flake,
      spec: { kind: 'update-all' },
    })
    await s.nix.started()
    const saved = await saveFlakeNix(s, addComment)
    s.nix.release()
    expect(await preview).toMatchObject({ ok: true })
    expect(read(s.fixture, 'flake.nix')).toBe(saved)
    expect(read(s.fixture, 'flake.lock')).toBe(lockBefore)
  })

  test("another window's update during a preview keeps that window's lock", async () => {
    const s = await setup()
    s.nix.hold()
    const preview = s.call('inputs.preview', {
      repo: s.fixture.flake,
      spec: { kind: 'update-all' },
    })
    await s.nix.started()
    // Window 2: its lock command is not held.
    const update = await s.call('inputs.update', { repo: s.fixture.flake, names: ['data'] })
    expect(update).toMatchObject({ ok: true, value: { lockChanged: true } })
    const windowTwoLock = read(s.fixture, 'flake.lock')
    expect(lockedRev(windowTwoLock, 'data')).toBe(s.fixture.revs.d3)
    s.nix.release()
    const previewed = (await preview) as { ok: true; value: { id: string } }
    expect(previewed.ok).toBe(true)
    expect(read(s.fixture, 'flake.lock')).toBe(windowTwoLock)
    // The preview started from the old lock: applying it now is a conflict, not an overwrite.
    const applied = await s.call('inputs.apply', {
      repo: s.fixture.flake,
      previewId: previewed.value.id,
    })
    expect(applied).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(read(s.fixture, 'flake.lock')).toBe(windowTwoLock)
  })
})

describe('writes refuse to overwrite a change made meanwhile', () => {
  test('a pin while flake.nix is saved: a conflict, the save is kept', async () => {
    const s = await setup()
    const lockBefore = read(s.fixture, 'flake.lock')
    s.nix.hold()
    const pin = s.call('inputs.pin', {
      repo: s.fixture.flake,
      name: 'nixpkgs',
      target: { kind: 'tag', name: 'v2' },
    })
    await s.nix.started()
    const saved = await saveFlakeNix(s, addComment)
    s.nix.release()
    expect(await pin).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'flake.nix changed on disk while Flakedeck was pinning "nixpkgs".',
      },
    })
    expect(read(s.fixture, 'flake.nix')).toBe(saved)
    expect(read(s.fixture, 'flake.lock')).toBe(lockBefore)
  })

  test('an update while flake.nix is saved: a conflict, the save is kept; again, it works', async () => {
    const s = await setup()
    const lockBefore = read(s.fixture, 'flake.lock')
    s.nix.hold()
    const update = s.call('inputs.update', { repo: s.fixture.flake, names: ['data'] })
    await s.nix.started()
    const saved = await saveFlakeNix(s, addComment)
    s.nix.release()
    expect(await update).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(read(s.fixture, 'flake.nix')).toBe(saved)
    expect(read(s.fixture, 'flake.lock')).toBe(lockBefore)
    expect(await s.call('inputs.update', { repo: s.fixture.flake, names: ['data'] })).toMatchObject(
      { ok: true },
    )
    expect(lockedRev(read(s.fixture, 'flake.lock'), 'data')).toBe(s.fixture.revs.d3)
    expect(read(s.fixture, 'flake.nix')).toBe(saved)
  })

  test('an update while another program rewrites flake.lock: a conflict, that lock is kept', async () => {
    const s = await setup()
    s.nix.hold()
    const update = s.call('inputs.update', { repo: s.fixture.flake, names: 'all' })
    await s.nix.started()
    const other = read(s.fixture, 'flake.lock').replace(/\n$/, '\n\n')
    writeFileSync(join(s.fixture.flake, 'flake.lock'), other)
    s.nix.release()
    expect(await update).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'flake.lock changed on disk while Flakedeck was updating the inputs.',
      },
    })
    expect(read(s.fixture, 'flake.lock')).toBe(other)
  })

  test('applying a pin preview while flake.nix is saved: a conflict, the save is kept', async () => {
    const s = await setup()
    const preview = (await s.call('inputs.preview', {
      repo: s.fixture.flake,
      spec: { kind: 'pin', name: 'nixpkgs', target: { kind: 'tag', name: 'v1' } },
    })) as { ok: true; value: { id: string } }
    expect(preview.ok).toBe(true)
    const lockBefore = read(s.fixture, 'flake.lock')
    s.nix.hold() // apply re-locks the edited flake.nix: that run is held
    const apply = s.call('inputs.apply', { repo: s.fixture.flake, previewId: preview.value.id })
    await s.nix.started()
    const saved = await saveFlakeNix(s, addComment)
    s.nix.release()
    expect(await apply).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(read(s.fixture, 'flake.nix')).toBe(saved)
    expect(read(s.fixture, 'flake.lock')).toBe(lockBefore)
  })
})
