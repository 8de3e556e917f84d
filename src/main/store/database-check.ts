// What an existing SQLite file is, found by reading only: Flakedeck's own (and whether this
// version knows all its migrations), empty, another application's, or damaged. Nothing here
// writes, so a file that is refused is left exactly as it was.
import type Database from 'better-sqlite3'
import { AppError } from '../../shared/app-error'
import type { Migration } from './migrations'

/** PRAGMA application_id of a Flakedeck database: "FlDk". */
export const flakedeckApplicationId = 0x466c446b

/**
 * The first migration every Flakedeck database has; a database from before application_id was
 * set is recognised by it.
 */
const firstMigrationName = '0001-recent-repos-and-settings'

export type DatabaseKind = 'empty' | 'flakedeck'

/** Refuses (AppError) anything but an empty file or a Flakedeck database this version knows. */
export function inspectDatabase(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
): DatabaseKind {
  const applicationId = Number(db.pragma('application_id', { simple: true }))
  const userVersion = Number(db.pragma('user_version', { simple: true }))
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((r) => r.name)
  const ours = applicationId === flakedeckApplicationId
  if (applicationId !== 0 && !ours) throw foreignDatabase(file, tables)
  if (tables.length === 0) {
    // No tables, but a schema version: another program has claimed this file.
    if (!ours && userVersion !== 0) throw foreignDatabase(file, tables)
    return 'empty'
  }
  const applied = tables.includes('migrations') ? appliedMigrations(db) : null
  if (!ours && !applied?.includes(firstMigrationName)) throw foreignDatabase(file, tables)
  const known = new Set(migrations.flatMap((m) => [m.name, ...(m.formerNames ?? [])]))
  const unknown = (applied ?? []).filter((name) => !known.has(name))
  if (unknown.length > 0 || userVersion > migrations.length) throw newerDatabase(file, unknown)
  checkIntegrity(db, file)
  return 'flakedeck'
}

/** The migrations table's names, or null when it is not a table of that shape. */
function appliedMigrations(db: Database.Database): string[] | null {
  try {
    const rows = db.prepare('SELECT name FROM migrations').all() as { name: unknown }[]
    return rows.map((r) => String(r.name))
  } catch {
    return null
  }
}

/** PRAGMA quick_check: a damaged page is found now, not by a later query. */
function checkIntegrity(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[]
  const problems = rows.map((r) => r.quick_check).filter((text) => text !== 'ok')
  if (problems.length > 0) throw damagedDatabase(file, problems.slice(0, 5).join('\n'), true)
}

/** `corrupt`: SQLite read it and found damage; else it may not be a SQLite file at all. */
export function damagedDatabase(file: string, details: string, corrupt: boolean): AppError {
  const what = corrupt ? 'is damaged' : 'is damaged or is not a SQLite database'
  return new AppError('database', `The database ${file} ${what}.`, {
    hint: `Flakedeck left it untouched. Move it aside (for example to ${file}.broken) and start again to begin with an empty one, or restore it from a backup.`,
    details,
  })
}

function newerDatabase(file: string, unknown: string[]): AppError {
  const which =
    unknown.length > 0
      ? ` (it has migrations this version does not know: ${unknown.join(', ')})`
      : ''
  return new AppError(
    'database',
    `The database ${file} was written by a newer Flakedeck${which}.`,
    {
      hint: 'Update Flakedeck, or point FLAKEDECK_DATA_DIR at another directory to run this version. The database was not changed.',
    },
  )
}

function foreignDatabase(file: string, tables: string[]): AppError {
  const shown = tables.slice(0, 8).join(', ') + (tables.length > 8 ? ', …' : '')
  return new AppError(
    'database',
    `${file} is not a Flakedeck database: it is another application's SQLite file.`,
    {
      hint: 'Flakedeck did not change it. Point FLAKEDECK_DATA_DIR at a folder of its own, or move the file away if it does not belong there.',
      details: tables.length > 0 ? `Its tables: ${shown}.` : 'It has another application id.',
    },
  )
}
