// Opens the app's SQLite file. It is looked at first, by reading only (database-check.ts): a file
// that is damaged, written by a newer Flakedeck or another application's stops start-up with a
// clear message and is left exactly as it was. Only then WAL, the application id and the
// migrations are written. A data folder that cannot be written is named, with what to do.
import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { AppError } from '../../shared/app-error'
import { damagedDatabase, flakedeckApplicationId, inspectDatabase } from './database-check'
import { databaseFileName } from './database-file'
import { migrations as defaultMigrations, type Migration } from './migrations'

export { databaseFileName }

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[]
  /** Path of a better-sqlite3 native module built for this runtime (Electron's ABI). */
  nativeBinding?: string
}

export function openDatabase(
  dataDir: string,
  options: OpenDatabaseOptions = {},
): Database.Database {
  const file = join(dataDir, databaseFileName)
  const list = options.migrations ?? defaultMigrations
  try {
    mkdirSync(dataDir, { recursive: true })
  } catch (error) {
    throw unwritableDataDir(dataDir, error)
  }
  let db: Database.Database
  try {
    const nativeBinding = options.nativeBinding ?? nodeBinding()
    db = new Database(file, nativeBinding ? { nativeBinding } : {})
  } catch (error) {
    throw unwritableDataDir(dataDir, error)
  }
  try {
    // A connection setting, not a write: another Flakedeck may be writing at this moment.
    db.pragma('busy_timeout = 5000')
    const kind = inspectDatabase(db, file, list)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    if (kind === 'empty' || db.pragma('application_id', { simple: true }) === 0) {
      db.pragma(`application_id = ${flakedeckApplicationId}`)
    }
    runMigrations(db, list)
  } catch (error) {
    db.close()
    throw describeOpenError(error, file, dataDir)
  }
  return db
}

/**
 * better-sqlite3's own build for Node, named outright: left to find it, better-sqlite3 asks the
 * `bindings` package, which reads a stack trace and tries a dozen paths, about 10 ms of every
 * command's start. Under Electron the caller names the build for Electron's ABI (never this one).
 */
export function nodeBinding(): string | undefined {
  if (process.versions.electron) return undefined
  try {
    const packageJson = createRequire(import.meta.url).resolve('better-sqlite3/package.json')
    const file = join(dirname(packageJson), 'build', 'Release', 'better_sqlite3.node')
    return existsSync(file) ? file : undefined
  } catch {
    return undefined // not where a package would be: better-sqlite3 looks for itself
  }
}

export function runMigrations(db: Database.Database, list: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at INTEGER NOT NULL
  )`)
  const appliedNames = () =>
    new Set(
      (db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((r) => r.name),
    )
  const known = new Set(list.flatMap((m) => [m.name, ...(m.formerNames ?? [])]))
  const unknown = [...appliedNames()].filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new AppError(
      'database',
      `The database was written by a newer Flakedeck (it has migrations this version does not know: ${unknown.join(', ')}).`,
      {
        hint: 'Update Flakedeck, or point FLAKEDECK_DATA_DIR at another directory to run this version. The database was not changed.',
      },
    )
  }
  renameFormerRecords(db, list)
  const applied = appliedNames()
  const ran: string[] = []
  const record = db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)')
  for (const migration of list) {
    if (applied.has(migration.name)) continue
    // IMMEDIATE, and asked again inside: the CLI and the app may start at the same moment, and
    // only one of them runs each migration.
    const didRun = db
      .transaction(() => {
        if (appliedNames().has(migration.name)) return false
        migration.up(db)
        record.run(migration.name, Date.now())
        return true
      })
      .immediate()
    if (didRun) ran.push(migration.name)
  }
  const count = (db.prepare('SELECT count(*) AS n FROM migrations').get() as { n: number }).n
  if (db.pragma('user_version', { simple: true }) !== count) db.pragma(`user_version = ${count}`)
  return ran
}

/** Records made under a migration's former name take its current one (once, in one go). */
function renameFormerRecords(db: Database.Database, list: readonly Migration[]): void {
  const renames = list.flatMap((m) => (m.formerNames ?? []).map((former) => [former, m.name]))
  if (renames.length === 0) return
  const rename = db.prepare('UPDATE migrations SET name = ? WHERE name = ?')
  db.transaction(() => {
    for (const [former, name] of renames) rename.run(name, former)
  }).immediate()
}

/** An error while opening, as the user should read it. */
export function describeOpenError(error: unknown, file: string, dataDir: string): AppError {
  if (error instanceof AppError) return error
  const text = String(error)
  const code = (error as { code?: unknown }).code
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(text)) {
    return damagedDatabase(file, text, false)
  }
  if ((typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) || /malformed/i.test(text)) {
    return damagedDatabase(file, text, true)
  }
  if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM|IOERR)/.test(code)) {
    return unwritableDataDir(dataDir, error)
  }
  return new AppError('database', `Could not prepare the database ${file}.`, { details: text })
}

/** Why Flakedeck cannot write its data folder, in words, with what to do. */
export function unwritableDataDir(dataDir: string, error: unknown): AppError {
  const code = (error as { code?: unknown }).code
  const reason =
    code === 'ENOTDIR' || code === 'EEXIST'
      ? 'a part of that path is a file, not a folder'
      : code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : 'it is not writable for this user'
  return new AppError(
    'database',
    `Flakedeck cannot write to its data folder ${dataDir}: ${reason}.`,
    {
      hint: `Make that folder writable for your user (for example: sudo chown -R "$USER" "${dataDir}"), or start Flakedeck with FLAKEDECK_DATA_DIR set to a folder you can write.`,
      details: String(error),
    },
  )
}
