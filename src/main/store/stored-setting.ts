// One stored setting, read straight from the settings table: for commands that only read
// (`flakedeck inputs`, `generations`, `diff`). They should not load the settings' schemas, nor
// (`inputs`) create the file or wait for its checks and migrations, to answer one question; the
// caller validates the value. The app's own start-up still checks the whole file (database.ts).
import type Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { databaseFileName, describeOpenError, nodeBinding } from './database'

/** The stored JSON value of `key` in an open database; undefined when it has none. */
export function storedSetting(db: Database.Database, key: string): unknown {
  let text: string | undefined
  try {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    text = row?.value
  } catch (error) {
    // A database no migration has filled yet has no settings: every value is its default.
    if (/no such table: settings/.test(String(error))) return undefined
    throw error
  }
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined // a value that no longer parses falls back to its default, as in the app
  }
}

/** The stored JSON value of a setting; undefined when there is no database or no such value. */
export async function readStoredSetting(dataDir: string, key: string): Promise<unknown> {
  return (await readStoredSettings(dataDir))[key]
}

/**
 * Every stored setting by key (values that no longer parse left out), read-only; none when there
 * is no database yet.
 */
export async function readStoredSettings(dataDir: string): Promise<Record<string, unknown>> {
  return (await readDatabase(dataDir, allSettings)) ?? {}
}

/**
 * `read` over the database opened read-only (no checks, no migrations: nothing is written);
 * undefined when there is no database.
 */
export async function readDatabase<T>(
  dataDir: string,
  read: (db: Database.Database) => T,
): Promise<T | undefined> {
  const file = join(dataDir, databaseFileName)
  if (!existsSync(file)) return undefined
  // SQLite's native module loads only when there is a file to read.
  const { default: Database } = await import('better-sqlite3')
  try {
    const nativeBinding = nodeBinding()
    const db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    })
    try {
      db.pragma('busy_timeout = 5000')
      return read(db)
    } finally {
      db.close()
    }
  } catch (error) {
    throw describeOpenError(error, file, dataDir)
  }
}

function allSettings(db: Database.Database): Record<string, unknown> {
  let rows: { key: string; value: string }[]
  try {
    rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
  } catch (error) {
    if (/no such table: settings/.test(String(error))) return {}
    throw error
  }
  const settings: Record<string, unknown> = {}
  for (const { key, value } of rows) {
    try {
      settings[key] = JSON.parse(value) as unknown
    } catch {
      // a value that no longer parses falls back to its default, as in the app
    }
  }
  return settings
}
