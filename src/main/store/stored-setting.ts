// One stored setting, read without preparing the database: for commands that only read
// (`flakedeck inputs`). They should neither create the file nor wait for its checks and
// migrations, nor load the settings' schemas, to answer one question; the caller validates the
// value. The app's own start-up still checks the whole file (database.ts).
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { databaseFileName, describeOpenError } from './database'

/** The stored JSON value of a setting; undefined when there is no database or no such value. */
export function readStoredSetting(dataDir: string, key: string): unknown {
  const file = join(dataDir, databaseFileName)
  if (!existsSync(file)) return undefined
  let text: string | undefined
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      db.pragma('busy_timeout = 5000')
      const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
        { value: string } | undefined
      text = row?.value
    } finally {
      db.close()
    }
  } catch (error) {
    // A database no migration has filled yet has no settings: every value is its default.
    if (/no such table: settings/.test(String(error))) return undefined
    throw describeOpenError(error, file, dataDir)
  }
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined // a value that no longer parses falls back to its default, as in the app
  }
}
