// Deleting and switching generations of real profiles with nix-env; the current and the booted
// generation are never deleted.
import type Database from 'better-sqlite3'
import { existsSync, lutimesSync, readlinkSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import { makeGenerationsProfile } from '../../fixtures/generations-profile'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const openDbs: Database.Database[] = []
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close()
})

const dayMs = 24 * 60 * 60 * 1000

function makeProfile(gens: number): string {
  return makeGenerationsProfile(join(tempDir('flakedeck-gens-'), 'profiles'), {
    n: 40,
    gens,
    k: 10,
  })
}

/** The service, with `/run/booted-system` replaced by a link to generation `booted` (if any). */
function makeService(profile: string, options: { booted?: number; now?: number } = {}) {
  const runner = createProcessRunner()
  const db = openDatabase(tempDir('flakedeck-db-'))
  openDbs.push(db)
  const bootedSystemPath = join(tempDir(), 'booted-system')
  if (options.booted !== undefined) {
    symlinkSync(readlinkSync(`${profile}-${options.booted}-link`), bootedSystemPath)
  }
  return new GenerationsService(runner, new NixService(runner), db, {
    bootedSystemPath,
    ...(options.now !== undefined ? { now: () => options.now! } : {}),
  })
}

const numbers = async (service: GenerationsService, profile: string) =>
  (await service.list(profile)).generations.map((g) => g.number)

/** Dates a generation back by `days`, as if it had been made then. */
function age(profile: string, number: number, days: number): void {
  const when = new Date(Date.now() - days * dayMs)
  lutimesSync(`${profile}-${number}-link`, when, when)
}

describe('GenerationsService.delete', () => {
  it('refuses to delete the current generation, and deletes nothing', async () => {
    const profile = makeProfile(3)
    const service = makeService(profile)
    await expect(
      service.delete(profile, { kind: 'numbers', numbers: [1, 3] }),
    ).rejects.toMatchObject({
      code: 'bad-request',
      message: 'Generation 3 is the current system and cannot be deleted.',
      hint: expect.stringContaining('Switch to another generation'),
    })
    expect(await numbers(service, profile)).toEqual([3, 2, 1])
  })

  it('refuses to delete the booted generation', async () => {
    const profile = makeProfile(3)
    const service = makeService(profile, { booted: 2 })
    await expect(service.delete(profile, { kind: 'numbers', numbers: [2] })).rejects.toMatchObject({
      code: 'bad-request',
      message: 'Generation 2 is the booted system and cannot be deleted.',
      hint: expect.stringContaining('Reboot'),
    })
    expect(await numbers(service, profile)).toEqual([3, 2, 1])
  })

  it('deletes generations by number with nix-env', async () => {
    const profile = makeProfile(4)
    const service = makeService(profile)
    const result = await service.delete(profile, { kind: 'numbers', numbers: [2, 1] })
    expect(result).toEqual({ deleted: [1, 2], protected: [], gc: null })
    expect(existsSync(`${profile}-1-link`)).toBe(false)
    expect(await numbers(service, profile)).toEqual([4, 3])
    await expect(service.delete(profile, { kind: 'numbers', numbers: [7] })).rejects.toMatchObject({
      code: 'not-found',
      hint: 'Its generations are 3-4.',
    })
  })

  it('deletes generations older than N days, keeping the current and booted ones', async () => {
    const profile = makeProfile(5)
    for (const [number, days] of [
      [1, 90],
      [2, 60],
      [3, 45],
      [4, 10],
      [5, 40],
    ] as const) {
      age(profile, number, days)
    }
    const service = makeService(profile, { booted: 2, now: Date.now() })
    const result = await service.delete(profile, { kind: 'olderThan', days: 30 })
    expect(result).toEqual({ deleted: [1, 3], protected: [2, 5], gc: null })
    expect(await numbers(service, profile)).toEqual([5, 4, 2])
  })

  it('deletes all but the newest K generations', async () => {
    const profile = makeProfile(5)
    const service = makeService(profile, { booted: 1 })
    const result = await service.delete(profile, { kind: 'keepNewest', count: 2 })
    expect(result).toEqual({ deleted: [2, 3], protected: [1], gc: null })
    expect(await numbers(service, profile)).toEqual([5, 4, 1])
  })
})

describe('GenerationsService.switchTo', () => {
  it('switches the profile to another generation with nix-env', async () => {
    const profile = makeProfile(3)
    const service = makeService(profile)
    await service.switchTo(profile, 1)
    expect(readlinkSync(profile)).toBe('system-1-link')
    const timeline = await service.list(profile)
    expect(timeline.currentNumber).toBe(1)
    expect(timeline.generations.find((g) => g.current)?.number).toBe(1)
    // Now generation 3 can go, and 1 cannot.
    await expect(service.delete(profile, { kind: 'numbers', numbers: [1] })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await service.delete(profile, { kind: 'numbers', numbers: [3] })
    expect(await numbers(service, profile)).toEqual([2, 1])
  })

  it('refuses a generation that does not exist or whose store path is gone', async () => {
    const profile = makeProfile(2)
    symlinkSync(
      '/nix/store/00000000000000000000000000000000-nixos-system-gone-1',
      `${profile}-7-link`,
    )
    const service = makeService(profile)
    await expect(service.switchTo(profile, 5)).rejects.toMatchObject({ code: 'not-found' })
    await expect(service.switchTo(profile, 7)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no longer exists'),
    })
    expect(readlinkSync(profile)).toBe('system-2-link')
  })
})
