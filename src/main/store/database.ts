// Opens the app's SQLite file: WAL, foreign keys, and the migrations in order. A file that is not
// a database, or one written by a newer Flakedeck, stops start-up with a clear message; it is
// never wiped.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../core/app-error'
import { migrations as defaultMigrations, type Migration } from './migrations'

export const databaseFileName = 'flakedeck.sqlite'

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[]
  /** Path of a better-sqlite3 native module built for this runtime (Electron's ABI). */
  nativeBinding?: string
}

export function openDatabase(
  dataDir: string,
  options: OpenDatabaseOptions = {},
): Database.Database {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, databaseFileName)
  let db: Database.Database
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  } catch (error) {
    throw new AppError('database', `Could not open the database ${file}.`, {
      hint: 'Check that the data directory is writable (FLAKEDECK_DATA_DIR sets another one).',
      details: String(error),
    })
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    runMigrations(db, options.migrations ?? defaultMigrations)
  } catch (error) {
    db.close()
    if (error instanceof AppError) throw error
    const text = String(error)
    if (/SQLITE_NOTADB|file is not a database|malformed|SQLITE_CORRUPT/i.test(text)) {
      throw new AppError(
        'database',
        `The database ${file} is damaged or is not a Flakedeck database.`,
        {
          hint: `Flakedeck left it untouched. Move it aside (for example to ${file}.broken) and start again to begin with an empty one, or restore it from a backup.`,
          details: text,
        },
      )
    }
    throw new AppError('database', `Could not prepare the database ${file}.`, { details: text })
  }
  return db
}

export function runMigrations(db: Database.Database, list: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at INTEGER NOT NULL
  )`)
  const applied = new Set(
    (db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((r) => r.name),
  )
  const known = new Set(list.map((m) => m.name))
  const unknown = [...applied].filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new AppError(
      'database',
      `The database was written by a newer Flakedeck (it has migrations this version does not know: ${unknown.join(', ')}).`,
      {
        hint: 'Update Flakedeck, or point FLAKEDECK_DATA_DIR at another directory to run this version. The database was not changed.',
      },
    )
  }
  const ran: string[] = []
  const record = db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)')
  for (const migration of list) {
    if (applied.has(migration.name)) continue
    db.transaction(() => {
      migration.up(db)
      record.run(migration.name, Date.now())
    })()
    ran.push(migration.name)
  }
  return ran
}
