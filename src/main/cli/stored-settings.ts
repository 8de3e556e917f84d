// The app's settings as the CLI's reading commands see them: the snapshot kept beside the
// database (store/read-snapshot.ts) while the database has not changed since, else the database
// itself, read-only, which leaves a new snapshot for the next command. No database: no settings
// (every value its default), and nothing is created.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { databaseFileName } from '../store/database-file'
import { readAndSnapshot, readSnapshot } from '../store/read-snapshot'

export type StoredSettings = Record<string, unknown>

/** Where the quick commands take their settings from; null when only the database can answer. */
export type SettingsSource = (dataDir: string) => Promise<StoredSettings | null>

const snapshotName = 'settings'

/** The settings without SQLite, or null when only the database can say what they are. */
export function settingsWithoutDatabase(dataDir: string): StoredSettings | null {
  const snapshot = readSnapshot(dataDir, snapshotName)
  if (isSettings(snapshot)) return snapshot
  return existsSync(join(dataDir, databaseFileName)) ? null : {}
}

/** The settings: from the snapshot, else from the database (loading SQLite). */
export async function storedSettings(dataDir: string): Promise<StoredSettings> {
  const quick = settingsWithoutDatabase(dataDir)
  if (quick) return quick
  const { readStoredSettings } = await import('../store/stored-setting')
  return readAndSnapshot(dataDir, snapshotName, () => readStoredSettings(dataDir))
}

function isSettings(value: unknown): value is StoredSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
