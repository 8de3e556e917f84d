// `flakedeck generations` without SQLite: what a listing takes from the database (the settings'
// profile, the profile's pins, and each toplevel's closure size and what it records) kept as a
// snapshot beside it (store/read-snapshot.ts), used while the database has not changed. The file
// system is looked at every time: the profile's links as last read are reused only while each is
// as it was (profile-record.ts), else the profile is read again. Anything the snapshot lacks (a
// new toplevel, another profile's pins) sends the command to the database
// (generations-listing.ts), which leaves a new snapshot.
import type { GenerationPin } from '../../shared/generations/care-types'
import type { GenerationTimeline } from '../../shared/generations/types'
import type { ClosureSummary, EnsureResult } from '../services/generations/closure-cache'
import { listTimeline } from '../services/generations/generation-timeline'
import { readProfile, type ToplevelInfo } from '../services/generations/profile-reader'
import { readStampedSnapshot, replaceSnapshot } from '../store/read-snapshot'
import { profileFromRecord, profileStamps, recordOf, type ProfileRecord } from './profile-record'

export const generationsSnapshotName = 'generations'

/** What a toplevel records and its closure's size: facts of a store path, which never change. */
export type StorePathFacts = ToplevelInfo & ClosureSummary

export interface GenerationsSnapshot {
  /** The profile the settings name (or the system profile). */
  settingsProfile: string
  /** Pins by profile link, of the profiles listed. */
  pins: Record<string, GenerationPin[]>
  /** By toplevel store path. */
  facts: Record<string, StorePathFacts>
  /** The profile's links as last read, while they stay as they were (profile-record.ts). */
  profile: ProfileRecord | null
}

/** Thrown inside a listing when the snapshot lacks something; the listing then gives up. */
class NotInSnapshot extends Error {}

/** The timeline from the snapshot and the file system; null when only the database can say. */
export async function listFromSnapshot(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
): Promise<GenerationTimeline | null> {
  const stored = readStampedSnapshot(dataDir, generationsSnapshotName)
  const snapshot = stored?.value
  if (!stored || !isSnapshot(snapshot)) return null
  const facts = new Map(Object.entries(snapshot.facts))
  const known = (path: string) => {
    const fact = facts.get(path)
    if (!fact) throw new NotInSnapshot()
    return fact
  }
  // A profile read in full here (the record was missing, too young to trust, or out of date)
  // is recorded for the next listing, so it costs one full read, not one every time.
  let record: ProfileRecord | null = null
  try {
    const timeline = await listTimeline(
      {
        read: async (path) => {
          const kept = profileFromRecord(snapshot.profile ?? undefined, path)
          if (kept) return kept
          const stamps = await profileStamps(path, env)
          const read = await readProfile(path, {
            toplevels: {
              get: (storePath) => facts.get(storePath),
              // A toplevel the snapshot does not know: the database may.
              set: () => {
                throw new NotInSnapshot()
              },
            },
          })
          record = recordOf(stamps, read)
          return read
        },
        cache: {
          ensure: async (paths): Promise<EnsureResult> => {
            paths.forEach(known)
            return { fetched: [], invalid: new Map(), closures: new Map() }
          },
          summaries: (paths) =>
            new Map(
              paths.map((path): [string, ClosureSummary] => {
                const { closureSize, pathCount } = known(path)
                return [path, { closureSize, pathCount }]
              }),
            ),
        },
        pins: {
          list: (profilePath) => {
            const pins = snapshot.pins[profilePath]
            if (!pins) throw new NotInSnapshot()
            return pins
          },
        },
      },
      profile ?? snapshot.settingsProfile,
    )
    if (record) {
      const kept: GenerationsSnapshot = { ...snapshot, profile: record }
      replaceSnapshot(dataDir, generationsSnapshotName, stored.stamp, kept)
    }
    return timeline
  } catch (error) {
    if (error instanceof NotInSnapshot) return null
    throw error
  }
}

/** The snapshot's facts of a listed timeline: its readable generations', with sizes known. */
export function factsOf(
  timeline: GenerationTimeline,
  toplevel: (storePath: string) => ToplevelInfo | undefined,
): Record<string, StorePathFacts> | null {
  if (timeline.closureProblem) return null
  const facts: Record<string, StorePathFacts> = {}
  for (const g of timeline.generations) {
    if (g.state === 'dangling') continue
    const info = toplevel(g.storePath)
    // An invalid generation, or one without a size: only the database path says so.
    if (g.state !== 'ok' || !info || g.closureSize === null || g.pathCount === null) return null
    facts[g.storePath] = { ...info, closureSize: g.closureSize, pathCount: g.pathCount }
  }
  return facts
}

function isSnapshot(value: unknown): value is GenerationsSnapshot {
  const v = value as Partial<GenerationsSnapshot> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.settingsProfile === 'string' &&
    typeof v.pins === 'object' &&
    v.pins !== null &&
    typeof v.facts === 'object' &&
    v.facts !== null
  )
}
