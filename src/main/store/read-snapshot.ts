// Copies of a few database facts for the quick CLI commands (`flakedeck inputs`, `generations`),
// so a repeated command can answer without loading SQLite's native addon (about 10 ms of a 60 ms
// command). The database stays the truth: a snapshot names the database's stamp (device, inode,
// size, change and modification times of the file and its WAL) and is used only while the files
// still have that stamp; any write to the database changes it, and the command then reads the
// database and writes a new snapshot. Only this module and the caller's SQLite path know of it.
// Other files a snapshot depends on (a profile's links, the store's folder) are stamped alike.
//
// Racy writes (as git's racily clean index): the file times have the kernel's clock tick (a few
// ms; a second or two on some file systems), so a stamp is only vouched for when the files were
// last written longer than a tick before it was taken. A later write then always shows as a
// later time, even one of the same size.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { databaseFileName } from './database-file'

/** Where the snapshots live, beside the database. */
export const snapshotFolder = 'read-snapshots'

/** How long after a write a stamp is trusted (ms), for file systems with fine and with 1 s times. */
const fineTickMs = 100
const coarseTickMs = 2500

export interface SnapshotFile {
  stamp: string
  value: unknown
}

/**
 * The database's stamp now, or null when there is no database or it was written too recently to
 * vouch for (see above). `nowMs` is the wall clock; tests fix it.
 */
export function databaseStamp(dataDir: string, nowMs = Date.now()): string | null {
  const file = join(dataDir, databaseFileName)
  const main = statOrNull(file)
  if (!main) return null
  const wal = statOrNull(`${file}-wal`)
  const parts = [stampOf(main)]
  if (racy(main, nowMs)) return null
  // An empty or missing WAL holds nothing: SQLite creates and empties it as it opens and checks.
  if (wal && wal.size > 0) {
    if (racy(wal, nowMs)) return null
    parts.push(stampOf(wal))
  } else {
    parts.push('no-wal')
  }
  return parts.join(' ')
}

/** The snapshot `name`'s value while the database still has the stamp it was taken at. */
export function readSnapshot(dataDir: string, name: string): unknown {
  return readStampedSnapshot(dataDir, name)?.value
}

/** As readSnapshot, with the database stamp the value holds for (for replaceSnapshot). */
export function readStampedSnapshot(dataDir: string, name: string): SnapshotFile | undefined {
  let stored: SnapshotFile
  try {
    stored = JSON.parse(readFileSync(snapshotPath(dataDir, name), 'utf8')) as SnapshotFile
  } catch {
    return undefined // none yet, or unreadable: the caller reads the database
  }
  if (typeof stored?.stamp !== 'string') return undefined
  return stored.stamp === databaseStamp(dataDir) ? stored : undefined
}

/**
 * Writes a new value for a snapshot read at `stamp`, when the database still has that stamp: for
 * a value that adds what the database does not hold (the file system's state as last read), so the
 * database's facts in it are still the ones read at that stamp.
 */
export function replaceSnapshot(
  dataDir: string,
  name: string,
  stamp: string,
  value: unknown,
): void {
  if (databaseStamp(dataDir) === stamp) writeSnapshot(dataDir, name, { stamp, value })
}

/**
 * Reads `value` from the database through `read`, and keeps it as snapshot `name` when the
 * database's stamp was the same (and trustworthy) before and after the read, so no write slipped
 * in between. A snapshot that cannot be written is no error: the next command reads again.
 */
export async function readAndSnapshot<T>(
  dataDir: string,
  name: string,
  read: () => T | Promise<T>,
): Promise<T> {
  const before = databaseStamp(dataDir)
  const value = await read()
  const after = databaseStamp(dataDir)
  if (before !== null && before === after) writeSnapshot(dataDir, name, { stamp: after, value })
  return value
}

function writeSnapshot(dataDir: string, name: string, content: SnapshotFile): void {
  const path = snapshotPath(dataDir, name)
  // Written beside and renamed, so a reader never sees half a file.
  const partial = `${path}.${process.pid}.tmp`
  try {
    mkdirSync(join(dataDir, snapshotFolder), { recursive: true })
    writeFileSync(partial, JSON.stringify(content))
    renameSync(partial, path)
  } catch {
    // A read-only data folder, a full disk: the database still answers.
  }
}

function snapshotPath(dataDir: string, name: string): string {
  return join(dataDir, snapshotFolder, `${name}.json`)
}

/**
 * A file's or folder's stamp (as the database's above): a folder's changes when an entry is added,
 * removed or renamed. Null when it is missing or was changed within a clock tick of `nowNs`.
 */
export function pathStamp(path: string, nowMs = Date.now()): string | null {
  return trustedStamp(statOrNull(path), nowMs)
}

/** The stamp of what `stats` (from stat or lstat) describe, or null as pathStamp. */
export function trustedStamp(stats: Stats | null, nowMs = Date.now()): string | null {
  return stats && !racy(stats, nowMs) ? stampOf(stats) : null
}

// Times in ms as doubles keep a quarter of a microsecond: far finer than the tick that matters.
function stampOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
}

/** Written so recently that a write in the same clock tick would leave the same times. */
function racy(stats: Stats, nowMs: number): boolean {
  const latest = Math.max(stats.mtimeMs, stats.ctimeMs)
  // Whole-second times: a file system that keeps seconds only (or two, FAT).
  const tick = latest % 1000 === 0 ? coarseTickMs : fineTickMs
  return latest + tick > nowMs
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null
  } catch {
    return null
  }
}
