// The database snapshots of the quick CLI paths (store/read-snapshot.ts): a snapshot is used only
// while the database is as it was read, a change of setting or pin sends the command back to the
// database, and the quick paths answer exactly as the full ones (quick-inputs.ts,
// quick-generations.ts, run from their sources here; the built command line tries them first).
import {
  lstatSync,
  lutimesSync,
  mkdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { appVersion } from '../../src/main/core/app-version'
import { createCore } from '../../src/main/core/core'
import type { CliIo } from '../../src/main/cli/io'
import { listFromSnapshot } from '../../src/main/cli/generations-snapshot'
import { runQuick as quickGenerations } from '../../src/main/cli/quick-generations'
import { runQuick as quickInputs } from '../../src/main/cli/quick-inputs'
import {
  profileFromRecord,
  profileStamps,
  recordOf,
  type ProfileRecord,
} from '../../src/main/cli/profile-record'
import { runCli } from '../../src/main/cli/run-cli'
import { readProfile } from '../../src/main/services/generations/profile-reader'
import { SettingsService } from '../../src/main/services/settings'
import { openDatabase } from '../../src/main/store/database'
import { databaseFileName } from '../../src/main/store/database-file'
import { databaseStamp, readAndSnapshot, readSnapshot } from '../../src/main/store/read-snapshot'
import type { GenerationTimeline } from '../../src/shared/generations/types'
import { makeGenerationsProfile } from '../fixtures/generations-profile'
import { makeInputsFixture } from '../fixtures/inputs-fixture'
import { useTempDirs } from '../helpers/temp-dir'

const temp = useTempDirs()

function captureIo(dataDir: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env: { ...process.env, FLAKEDECK_DATA_DIR: dataDir },
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    waitForStop: () => Promise.resolve(),
  }
  return io
}

/**
 * Waits until the database's last write is older than a clock tick, as it is between two
 * commands a person types; only then may a snapshot vouch for it (never longer than 3 s).
 */
async function settled(dataDir: string): Promise<void> {
  for (let i = 0; i < 60 && databaseStamp(dataDir) === null; i++) await sleep(50)
  expect(databaseStamp(dataDir)).not.toBeNull()
}

function setSettings(dataDir: string, patch: Parameters<SettingsService['set']>[0]): void {
  const db = openDatabase(dataDir)
  new SettingsService(db).set(patch)
  db.close()
}

describe('database snapshots', () => {
  it('vouch for a database only a clock tick after its last write, and not without one', async () => {
    const dataDir = temp('flakedeck-snap-')
    expect(databaseStamp(dataDir)).toBeNull()
    expect(await readAndSnapshot(dataDir, 'x', () => 1)).toBe(1)
    expect(readSnapshot(dataDir, 'x')).toBeUndefined()

    setSettings(dataDir, { inputAgeWarningDays: 30 })
    const file = join(dataDir, databaseFileName)
    const { ctimeMs, mtimeMs } = statSync(file)
    const written = Math.max(ctimeMs, mtimeMs)
    // Within the tick a second write could leave the same times: no stamp.
    expect(databaseStamp(dataDir, written + 10)).toBeNull()
    expect(databaseStamp(dataDir, written + 3000)).not.toBeNull()
  })

  it('are read back while the database is unchanged, and not after any write to it', async () => {
    const dataDir = temp('flakedeck-snap-')
    setSettings(dataDir, { inputAgeWarningDays: 30 })
    await settled(dataDir)
    expect(await readAndSnapshot(dataDir, 'x', () => ({ days: 30 }))).toEqual({ days: 30 })
    expect(readSnapshot(dataDir, 'x')).toEqual({ days: 30 })

    setSettings(dataDir, { inputAgeWarningDays: 31 })
    expect(readSnapshot(dataDir, 'x')).toBeUndefined()
    await settled(dataDir)
    expect(readSnapshot(dataDir, 'x')).toBeUndefined()

    // Times put back as they were do not hide the write: the change time moved on.
    await readAndSnapshot(dataDir, 'x', () => ({ days: 31 }))
    expect(readSnapshot(dataDir, 'x')).toEqual({ days: 31 })
    const file = join(dataDir, databaseFileName)
    const before = statSync(file)
    setSettings(dataDir, { inputAgeWarningDays: 32 })
    utimesSync(file, before.atime, before.mtime)
    expect(readSnapshot(dataDir, 'x')).toBeUndefined()
  })

  it('are not written when the database changed during the read', async () => {
    const dataDir = temp('flakedeck-snap-')
    setSettings(dataDir, { inputAgeWarningDays: 30 })
    await settled(dataDir)
    await readAndSnapshot(dataDir, 'x', () => {
      setSettings(dataDir, { inputAgeWarningDays: 33 })
      return { days: 30 }
    })
    await settled(dataDir)
    expect(readSnapshot(dataDir, 'x')).toBeUndefined()
  })
})

describe('flakedeck inputs, quick path', () => {
  it('answers as the full command from the snapshot, and hands over when the setting changed', async () => {
    const fixture = makeInputsFixture(temp('flakedeck-quick-inputs-'))
    const dataDir = temp('flakedeck-quick-data-')
    const argv = ['--json', '--flake', fixture.flake]

    // No database: the defaults, without SQLite and without making one.
    const none = captureIo(dataDir)
    expect(await quickInputs(argv, none)).toBe(0)
    expect(JSON.parse(none.stdout)).toMatchObject({ staleAfterDays: 90 })

    const core = createCore({ dataDir, shell: 'browser', appVersion })
    core.settings.set({ inputAgeWarningDays: 3650 })
    await core.close()
    await settled(dataDir)
    // A database and no snapshot: only the full command can answer; nothing was printed.
    const before = captureIo(dataDir)
    expect(await quickInputs(argv, before)).toBeNull()
    expect(before.stdout + before.stderr).toBe('')

    const full = captureIo(dataDir)
    expect(await runCli(['inputs', ...argv], full)).toBe(0)
    const quick = captureIo(dataDir)
    expect(await quickInputs(argv, quick)).toBe(0)
    expect(JSON.parse(quick.stdout)).toMatchObject({ staleAfterDays: 3650, staleCount: 0 })
    expect(quick.stdout).toBe(full.stdout)

    // The app changes the threshold: the snapshot no longer counts.
    setSettings(dataDir, { inputAgeWarningDays: 1 })
    expect(await quickInputs(argv, captureIo(dataDir))).toBeNull()
    const changed = captureIo(dataDir)
    expect(await runCli(['inputs', ...argv], changed)).toBe(0)
    expect(JSON.parse(changed.stdout)).toMatchObject({ staleAfterDays: 1 })

    // Usage errors and --help need no settings.
    const bad = captureIo(dataDir)
    expect(await quickInputs(['extra'], bad)).toBe(2)
    expect(bad.stderr).toContain('unexpected argument "extra"')
  })
})

describe('flakedeck generations, quick path', () => {
  /** A profile of `gens` generations listed by the full command until it left a snapshot. */
  async function snapshotted(gens: number) {
    const profile = makeGenerationsProfile(join(temp('flakedeck-quick-gens-'), 'profiles'), {
      n: 40,
      gens,
      k: 20,
    })
    const dataDir = temp('flakedeck-quick-data-')
    const argv = ['--json', '--profile', profile]
    await runCli(['generations', ...argv], captureIo(dataDir)) // fills the caches (a write)
    await settled(dataDir)
    const listed = captureIo(dataDir)
    await runCli(['generations', ...argv], listed) // reads only, and keeps a snapshot
    return { profile, dataDir, argv, listed }
  }

  it('lists as the full command, and hands over on a new pin, setting or generation', async () => {
    const profile = makeGenerationsProfile(join(temp('flakedeck-quick-gens-'), 'profiles'), {
      n: 40,
      gens: 3,
      k: 20,
    })
    const dataDir = temp('flakedeck-quick-data-')
    const argv = ['--json', '--profile', profile]
    const full = async (args = argv) => {
      const io = captureIo(dataDir)
      expect(await runCli(['generations', ...args], io)).toBe(0)
      return io.stdout
    }
    const quick = async (args = argv) => {
      const io = captureIo(dataDir)
      const code = await quickGenerations(args, io)
      return code === null ? null : io.stdout
    }

    expect(await quick()).toBeNull() // no database yet
    await full() // fills the caches (a write: no snapshot yet)
    await settled(dataDir)
    const listed = await full() // reads only, and keeps a snapshot
    expect(await quick()).toBe(listed)
    expect((JSON.parse(listed) as GenerationTimeline).generations).toHaveLength(3)

    // A pin made meanwhile is a write: the database answers again, with the pin.
    const pin = captureIo(dataDir)
    expect(await runCli(['pin', '2', '--label', 'kept', '--profile', profile], pin)).toBe(0)
    expect(await quick()).toBeNull()
    await settled(dataDir)
    const pinned = await full()
    expect(await quick()).toBe(pinned)
    expect((JSON.parse(pinned) as GenerationTimeline).generations[1]?.pin?.label).toBe('kept')

    // So is a setting: the profile listed when none is named.
    setSettings(dataDir, { profilePath: profile })
    expect(await quick([])).toBeNull()
    await settled(dataDir)
    const withSetting = await full(['--json'])
    expect(await quick(['--json'])).toBe(withSetting)
    expect((JSON.parse(withSetting) as GenerationTimeline).profilePath).toBe(profile)

    // The file system is looked at every time: a link's new time, a switch of the profile, a new
    // dangling link show at once.
    const later = new Date(Date.now() - 3_600_000)
    lutimesSync(`${profile}-1-link`, later, later)
    const retimed = await quick()
    expect(retimed).toBe(await full())
    expect((JSON.parse(retimed!) as GenerationTimeline).generations[2]?.date).toBe(
      Math.round(lstatSync(`${profile}-1-link`).mtimeMs),
    )
    symlinkSync('system-1-link', `${profile}.new`)
    renameSync(`${profile}.new`, profile)
    const switched = await quick()
    expect(switched).toBe(await full())
    expect((JSON.parse(switched!) as GenerationTimeline).currentNumber).toBe(1)

    symlinkSync('/nix/store/00000000000000000000000000000000-nixos-system-x-1', `${profile}-9-link`)
    const dangling = await quick()
    expect(dangling).toBe(await full())
    expect((JSON.parse(dangling!) as GenerationTimeline).generations[0]).toMatchObject({
      number: 9,
      state: 'dangling',
    })
  })

  it('hands over for a toplevel the snapshot does not know', async () => {
    const { profile, dataDir, argv } = await snapshotted(2)
    const other = makeGenerationsProfile(join(temp('flakedeck-quick-gens-'), 'profiles'), {
      n: 41,
      gens: 1,
      k: 20,
    })
    expect(await quickGenerations(argv, captureIo(dataDir))).toBe(0)

    // Generation 5 points at a system listed nowhere before: its size is in no snapshot.
    symlinkSync(readlinkSync(`${other}-1-link`), `${profile}-5-link`)
    const io = captureIo(dataDir)
    expect(await quickGenerations(argv, io)).toBeNull()
    expect(io.stdout).toBe('')
    // Another profile: its pins were not read.
    expect(await quickGenerations(['--json', '--profile', other], captureIo(dataDir))).toBeNull()
  })
})

describe('a profile kept in the generations snapshot', () => {
  /** A profile of three links into a folder standing for the store, all settled. */
  async function settledProfile() {
    const root = temp('flakedeck-record-')
    const store = join(root, 'store')
    const profiles = join(root, 'profiles')
    mkdirSync(store)
    mkdirSync(profiles)
    for (const n of [1, 2, 3]) {
      writeFileSync(join(store, `${'a'.repeat(31)}${n}-nixos-system-x-${n}`), '')
      symlinkSync(
        join(store, `${'a'.repeat(31)}${n}-nixos-system-x-${n}`),
        join(profiles, `system-${n}-link`),
      )
    }
    symlinkSync('system-3-link', join(profiles, 'system'))
    const profile = join(profiles, 'system')
    const env = { NIX_STORE_DIR: store }
    for (let i = 0; i < 60; i++) {
      const stamps = await profileStamps(profile, env)
      if (stamps?.links && stamps.storeStamp) break
      await sleep(50)
    }
    const stamps = await profileStamps(profile, env)
    const read = await readProfile(profile)
    const record = recordOf(stamps, read)
    expect(record).not.toBeNull()
    return { store, profiles, profile, read, record: record! }
  }

  it('stands for the profile while its folder, its links and the store are unchanged', async () => {
    const { profile, read, record } = await settledProfile()
    expect(profileFromRecord(record, profile)).toEqual(read)
    expect(profileFromRecord(record, `${profile}-other`)).toBeNull()
  })

  it('does not once a link was retimed, a generation added, or a store path deleted', async () => {
    const retimed = await settledProfile()
    const earlier = new Date(Date.now() - 3_600_000)
    lutimesSync(`${retimed.profile}-2-link`, earlier, earlier)
    expect(profileFromRecord(retimed.record, retimed.profile)).toBeNull()

    const added = await settledProfile()
    symlinkSync(readlinkSync(`${added.profile}-1-link`), `${added.profile}-4-link`)
    expect(profileFromRecord(added.record, added.profile)).toBeNull()

    const collected = await settledProfile()
    rmSync(readlinkSync(`${collected.profile}-1-link`))
    expect(profileFromRecord(collected.record, collected.profile)).toBeNull()
    // Another store path added: each is looked at again, and all are as they were.
    const more = await settledProfile()
    writeFileSync(join(more.store, 'b'.repeat(32)), '')
    expect(profileFromRecord(more.record, more.profile)).toEqual(more.read)
  })

  it('is made by a quick listing that had to read the profile in full, for the next one', async () => {
    // A snapshot whose profile record is missing (the links were too young to vouch for when the
    // database was read): the quick path reads the profile in full, and records it now that its
    // stamps can be trusted, so the next listing need not read 200 links again.
    const { store, profile, read } = await settledProfile()
    const dataDir = temp('flakedeck-record-data-')
    writeFileSync(join(dataDir, databaseFileName), 'a database file; only its stamp is read')
    await settled(dataDir)
    const facts = Object.fromEntries(
      read.generations.map((g) => [
        g.storePath,
        {
          nixosVersion: null,
          kernelVersion: null,
          configurationRevision: null,
          swPath: null,
          homeManagerVersion: null,
          homePackages: null,
          closureSize: 1000,
          pathCount: 10,
        },
      ]),
    )
    mkdirSync(join(dataDir, 'read-snapshots'))
    writeFileSync(
      join(dataDir, 'read-snapshots', 'generations.json'),
      JSON.stringify({
        stamp: databaseStamp(dataDir),
        value: { settingsProfile: profile, pins: { [profile]: [] }, facts, profile: null },
      }),
    )
    const env = { NIX_STORE_DIR: store }
    const listed = await listFromSnapshot(dataDir, env, profile)
    expect(listed?.generations.map((g) => g.number)).toEqual([3, 2, 1])
    const kept = (readSnapshot(dataDir, 'generations') as { profile: ProfileRecord | null }).profile
    const recorded = profileFromRecord(kept ?? undefined, profile)
    expect(recorded?.generations.map((g) => g.storePath)).toEqual(
      read.generations.map((g) => g.storePath),
    )
    // The next listing is the same, from the record.
    expect(await listFromSnapshot(dataDir, env, profile)).toEqual(listed)
  })

  it('is not made from a read during which the folder changed', async () => {
    const { profile, profiles } = await settledProfile()
    const env = { NIX_STORE_DIR: join(profiles, '..', 'store') }
    const stamps = await profileStamps(profile, env)
    const read = await readProfile(profile)
    symlinkSync('system-1-link', join(profiles, 'system-9-link'))
    expect(recordOf(stamps, read)).toBeNull()
  })
})
