// Pins and the clean-up, against real nix and real SQLite, in a nix store of the test's own
// (tests/fixtures/isolated-store.ts): the garbage collections here run on that store only, so
// they can never take a store path another test made in the shared /nix/store.
import type Database from 'better-sqlite3'
import { existsSync, lutimesSync, readFileSync, readlinkSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import type { CleanupProgress } from '../../../src/shared/generations/care-types'
import { makeIsolatedStore, makeSizedProfile } from '../../fixtures/isolated-store'
import { mountSmallFolder } from '../../fixtures/boot-folder'
import { execFileSync } from 'node:child_process'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const openDbs: Database.Database[] = []
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close()
})

const dayMs = 24 * 60 * 60 * 1000
const mib = 1024 * 1024

function setup(sizes: number[]) {
  const root = tempDir('flakedeck-care-')
  const store = makeIsolatedStore(join(root, 'nix'))
  const profile = makeSizedProfile(store, join(root, 'profiles'), sizes)
  const dataDir = join(root, 'data')
  const db = openDatabase(dataDir)
  openDbs.push(db)
  const runner = createProcessRunner()
  const service = new GenerationsService(runner, new NixService(runner), db, {
    bootedSystemPath: join(root, 'no-booted-system'),
    store: store.uri,
    gcRootsDir: join(dataDir, 'gcroots'),
  })
  return { root, store, profile, dataDir, db, service }
}

const storePathOf = (profile: string, n: number) => readlinkSync(`${profile}-${n}-link`)
/** The store paths a generation's toplevel file names (its packages). */
const packagesOf = (toplevel: string) => readFileSync(toplevel, 'utf8').split('\n').filter(Boolean)

function gc(service: GenerationsService) {
  return service.tools.run('nix-store', ['--gc'], { timeoutMs: 0 })
}

function age(profile: string, number: number, days: number): void {
  const when = new Date(Date.now() - days * dayMs)
  lutimesSync(`${profile}-${number}-link`, when, when)
}

describe('pins', () => {
  it('keeps a pinned generation store paths through nix-env --delete-generations and a GC', async () => {
    const { profile, service, store } = setup([256, 256, 256])
    const toplevel = storePathOf(profile, 1)
    const others = new Set([...packagesOf(toplevel), ...packagesOf(storePathOf(profile, 3))])
    const ownOf2 = packagesOf(storePathOf(profile, 2)).filter((p) => !others.has(p))
    expect(ownOf2).toHaveLength(1)
    const pin = await service.pin(profile, 1, 'before the GPU driver change')
    expect(pin).toMatchObject({
      profilePath: profile,
      number: 1,
      label: 'before the GPU driver change',
    })
    expect(readlinkSync(pin.gcRoot)).toBe(toplevel)
    // nix knows the root: it is registered in the store's own gcroots/auto.
    const auto = readdirSync(join(store.stateDir, 'gcroots', 'auto')).map((n) =>
      readlinkSync(join(store.stateDir, 'gcroots', 'auto', n)),
    )
    expect(auto).toContain(pin.gcRoot)

    // What nix-collect-garbage -d does: delete the old generations, then collect.
    await service.tools.run('nix-env', ['-p', profile, '--delete-generations', 'old'])
    expect(existsSync(`${profile}-1-link`)).toBe(false)
    await gc(service)
    expect(existsSync(toplevel)).toBe(true)
    for (const path of packagesOf(toplevel)) expect(existsSync(path)).toBe(true)
    // Generation 2 had no pin: its own package is gone.
    expect(existsSync(ownOf2[0]!)).toBe(false)

    // The pin outlives its generation: listed apart, to be unpinned, which lets the paths go.
    let timeline = await service.list(profile)
    expect(timeline.generations.map((g) => g.number)).toEqual([3])
    expect(timeline.orphanPins).toMatchObject([
      { number: 1, storePath: toplevel, label: 'before the GPU driver change' },
    ])
    expect(await service.unpin(profile, 1)).toBe(true)
    expect(existsSync(pin.gcRoot)).toBe(false)
    timeline = await service.list(profile)
    expect(timeline.orphanPins).toEqual([])
    await gc(service)
    expect(existsSync(toplevel)).toBe(false)
  })

  it('shows the label in the timeline, changes it, and unpinning lets the paths go', async () => {
    const { profile, service } = setup([256, 256])
    await service.pin(profile, 1, 'known good')
    await service.pin(profile, 1, 'known good, kernel 6.6')
    let timeline = await service.list(profile)
    expect(timeline.generations.map((g) => [g.number, g.pin?.label ?? null])).toEqual([
      [2, null],
      [1, 'known good, kernel 6.6'],
    ])
    const toplevel = storePathOf(profile, 1)
    expect(await service.unpin(profile, 1)).toBe(true)
    expect(await service.unpin(profile, 1)).toBe(false)
    timeline = await service.list(profile)
    expect(timeline.generations.every((g) => g.pin === null)).toBe(true)
    await service.tools.run('nix-env', ['-p', profile, '--delete-generations', '1'])
    await gc(service)
    expect(existsSync(toplevel)).toBe(false)
  })

  it('refuses a generation that does not exist, and deleting a pinned one by number', async () => {
    const { profile, service } = setup([64, 64, 64])
    await expect(service.pin(profile, 9, 'x')).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('has no generation 9'),
    })
    await service.pin(profile, 1, 'keep')
    await expect(service.delete(profile, { kind: 'numbers', numbers: [1] })).rejects.toMatchObject({
      message: 'Generation 1 is pinned.',
      hint: expect.stringContaining('Unpin'),
    })
    const result = await service.delete(profile, { kind: 'keepNewest', count: 1 })
    expect(result).toMatchObject({ deleted: [2], protected: [1] })
  })
})

describe('clean-up', () => {
  it('previews by keep-newest and keep-since, always keeping current, booted and pinned', async () => {
    const { profile, service } = setup([64, 64, 64, 64, 64, 64])
    age(profile, 1, 40)
    age(profile, 2, 30)
    age(profile, 3, 20)
    age(profile, 4, 10)
    age(profile, 5, 5)
    await service.pin(profile, 2, 'pinned one')
    const plan = await service.cleanupPlan(profile, { keep: 1, keepSinceDays: 14 })
    expect(plan.rows.map((r) => [r.number, r.goes, r.keptBecause])).toEqual([
      [6, false, ['current', 'newest', 'recent']],
      [5, false, ['recent']],
      [4, false, ['recent']],
      [3, true, []],
      [2, false, ['pinned']],
      [1, true, []],
    ])
    expect(plan.goes).toEqual([1, 3])
    const onlyKeep = await service.cleanupPlan(profile, { keep: 2, keepSinceDays: null })
    expect(onlyKeep.goes).toEqual([1, 3, 4])
  })

  it('predicts the bytes the collection frees, and nix reports the same within 1%', async () => {
    // Generations 1..4: each has its own package; 1 and 2 share "pair"; all share "base".
    const { profile, service, store } = setup([1536, 2048, 1024, 512])
    const plan = await service.cleanupPlan(profile, { keep: 1, keepSinceDays: null })
    expect(plan.goes).toEqual([1, 2, 3])
    // The paths only generations 1-3 reach: their toplevels, their own packages and "pair".
    const expectedPaths = new Set<string>()
    for (const n of [1, 2, 3]) {
      const top = storePathOf(profile, n)
      expectedPaths.add(top)
      for (const p of packagesOf(top)) expectedPaths.add(p)
    }
    for (const p of packagesOf(storePathOf(profile, 4))) expectedPaths.delete(p)
    expect(plan.freedPaths).toBe(expectedPaths.size)
    expect(plan.freedBytes).toBeGreaterThan(4.5 * mib)
    // Generation 1 alone frees its toplevel and own package; "pair" is shared with 2.
    const row1 = plan.rows.find((r) => r.number === 1)!
    const row2 = plan.rows.find((r) => r.number === 2)!
    expect(row1.ownBytes).toBeGreaterThan(1.3 * mib)
    expect(row1.ownBytes).toBeLessThan(1.6 * mib)
    expect(row2.ownBytes).toBeGreaterThan(1.8 * mib)
    expect(row2.ownBytes).toBeLessThan(2.1 * mib)

    const progress: CleanupProgress[] = []
    const result = await service.cleanup(
      profile,
      { keep: 1, keepSinceDays: null },
      { expectedGoes: [1, 2, 3], onProgress: (p) => progress.push(p) },
    )
    expect(result.deleted).toEqual([1, 2, 3])
    expect(result.gc.pathsDeleted).toBe(plan.freedPaths)
    expect(Math.abs(result.gc.bytesFreed - plan.freedBytes) / plan.freedBytes).toBeLessThan(0.01)
    for (const path of expectedPaths) expect(existsSync(path)).toBe(false)
    for (const path of packagesOf(storePathOf(profile, 4))) expect(existsSync(path)).toBe(true)
    expect(progress.map((p) => p.phase)).toContain('deleting')
    expect(progress.at(-1)).toMatchObject({ phase: 'done', pathsDeleted: plan.freedPaths })
    const counted = progress.filter((p) => p.phase === 'collecting').map((p) => p.pathsDeleted)
    expect(Math.max(...counted)).toBe(plan.freedPaths)
    expect(store.uri).toContain(store.storeDir)
  })

  it('stops when the generations changed since the preview, deleting nothing', async () => {
    const { profile, service } = setup([64, 64, 64])
    await expect(
      service.cleanup(profile, { keep: 1, keepSinceDays: null }, { expectedGoes: [1] }),
    ).rejects.toMatchObject({
      code: 'conflict',
      hint: expect.stringContaining('generations 1-2'),
    })
    expect((await service.list(profile)).generations.map((g) => g.number)).toEqual([3, 2, 1])
  })

  it('says to run it as root when the profile folder cannot be written, deleting nothing', async () => {
    // Tests run as root, whom permissions do not stop: a read-only folder fails the same way
    // a root-owned /nix/var/nix/profiles does for a user.
    const root = tempDir('flakedeck-care-ro-')
    const store = makeIsolatedStore(join(root, 'nix'))
    const folder = join(root, 'profiles')
    const unmount = mountSmallFolder(folder, 1024 * 1024)
    try {
      const profile = makeSizedProfile(store, folder, [64, 64, 64])
      execFileSync('mount', ['-o', 'remount,ro', folder], { stdio: 'pipe' })
      const db = openDatabase(join(root, 'data'))
      openDbs.push(db)
      const runner = createProcessRunner()
      const service = new GenerationsService(runner, new NixService(runner), db, {
        bootedSystemPath: join(root, 'none'),
        store: store.uri,
      })
      await expect(
        service.cleanup(profile, { keep: 1, keepSinceDays: null }, { expectedGoes: [1, 2] }),
      ).rejects.toMatchObject({
        message: `Flakedeck may not delete generations of ${profile}; nothing was deleted.`,
        hint: expect.stringContaining('sudo flakedeck clean'),
        details: expect.stringContaining('Read-only file system'),
      })
      expect((await service.list(profile)).generations.map((g) => g.number)).toEqual([3, 2, 1])
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', folder], { stdio: 'pipe' })
      unmount()
    }
  })
})
