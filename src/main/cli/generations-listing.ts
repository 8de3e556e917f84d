// What `flakedeck generations` reads, and no more: the database, the profile's links, and the
// listing's parts (generation-timeline.ts) over the SQLite caches of closures and of what each
// toplevel records. Warm, that is a readdir, a stat and a readlink per link, and a few SQLite
// lookups; nix (and the process runner) load only if a closure is missing and the store's own
// database cannot answer. The full Generations service, with its operations, is not loaded.
import type Database from 'better-sqlite3'
import type { GenerationTimeline } from '../../shared/generations/types'
import { ClosureCache } from '../services/generations/closure-cache'
import { listTimeline } from '../services/generations/generation-timeline'
import { pinsOfProfile } from '../services/generations/pin-rows'
import { defaultSystemProfile, readProfile } from '../services/generations/profile-reader'
import { locateStoreDatabase, StoreDatabase } from '../services/generations/store-database'
import { ToplevelStore } from '../services/generations/toplevel-store'
import type { NixService } from '../services/nix'
import { openDatabase } from '../store/database'
import { readAndSnapshot } from '../store/read-snapshot'
import { readDatabase, storedSetting } from '../store/stored-setting'
import {
  factsOf,
  generationsSnapshotName,
  type GenerationsSnapshot,
  type StorePathFacts,
} from './generations-snapshot'
import { profileStamps, recordOf, type ProfileRecord } from './profile-record'

/**
 * The timeline of `profile`, or of the profile the settings name when it is undefined; what the
 * database said is then kept as a snapshot for the next listing (generations-snapshot.ts).
 */
export async function listGenerations(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
): Promise<GenerationTimeline> {
  const db = openDatabase(dataDir)
  const toplevels = new ToplevelStore(db)
  const location = locateStoreDatabase(env)
  const cache = new ClosureCache(
    db,
    nixOnDemand(env),
    location ? new StoreDatabase(location) : null,
  )
  let timeline: GenerationTimeline
  let facts: Record<string, StorePathFacts> | null
  let record: ProfileRecord | null = null
  try {
    const requested = profile ?? settingsProfile(db)
    const stamps = await profileStamps(requested, env)
    timeline = await listTimeline(
      {
        read: async (path) => {
          const read = await readProfile(path, { toplevels })
          record = recordOf(stamps, read)
          return read
        },
        cache,
        pins: { list: (profilePath) => pinsOfProfile(db, profilePath) },
      },
      requested,
    )
    facts = factsOf(timeline, (storePath) => toplevels.get(storePath))
  } finally {
    // What this listing read is written after its answer, before the database closes.
    cache.flush()
    toplevels.flush()
    db.close()
  }
  if (facts) await keepSnapshot(dataDir, timeline.profilePath, facts, record)
  return timeline
}

/**
 * The snapshot of this listing: the store paths' facts as listed (they never change), the
 * profile as read (with its own stamps), and the settings' profile and the pins read again after
 * every write of ours, so that the snapshot's stamp is the database's as it was read.
 */
async function keepSnapshot(
  dataDir: string,
  profilePath: string,
  facts: Record<string, StorePathFacts>,
  profile: ProfileRecord | null,
): Promise<void> {
  await readAndSnapshot(dataDir, generationsSnapshotName, () =>
    readDatabase(dataDir, (db): GenerationsSnapshot => ({
      settingsProfile: settingsProfile(db),
      pins: { [profilePath]: pinsOfProfile(db, profilePath) },
      facts,
      profile,
    })),
  )
}

/**
 * The profile the app's settings name (read straight from the settings table, so the command
 * does not load the app's schemas), or NixOS's system profile.
 */
export function settingsProfile(db: Database.Database): string {
  const value = storedSetting(db, 'profilePath')
  return typeof value === 'string' && value.length > 0 ? value : defaultSystemProfile
}

/** nix, loaded the first time the closure cache must ask it. */
function nixOnDemand(env: NodeJS.ProcessEnv): Pick<NixService, 'run'> {
  let nix: Promise<Pick<NixService, 'run'>> | null = null
  const load = async () => {
    const [{ NixService }, { createProcessRunner }] = await Promise.all([
      import('../services/nix'),
      import('../services/process-runner'),
    ])
    return new NixService(createProcessRunner(env))
  }
  return {
    run: async (args, options) => (await (nix ??= load())).run(args, options),
  }
}
