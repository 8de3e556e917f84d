// What `flakedeck generations` and `flakedeck diff` need once they must look past the comparison
// cache: the database, nix, and the Generations service, with the store's own database as the
// fast source of closures (nix path-info when it cannot answer). Loaded on demand, so a cached
// `diff` never opens SQLite.
import type Database from 'better-sqlite3'
import { join } from 'node:path'
import { GenerationsService } from '../services/generations/generations-service'
import { defaultSystemProfile } from '../services/generations/profile-reader'
import { locateStoreDatabase, StoreDatabase } from '../services/generations/store-database'
import { NixService } from '../services/nix'
import { createProcessRunner } from '../services/process-runner'
import { openDatabase } from '../store/database'
import { storedSetting } from '../store/stored-setting'

export interface GenerationsBackend {
  db: Database.Database
  service: GenerationsService
  close(): void
}

export function openGenerationsBackend(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  options: { store?: string | null } = {},
): GenerationsBackend {
  const db = openDatabase(dataDir)
  const runner = createProcessRunner(env)
  const nix = new NixService(runner)
  // The local store's database describes the default store only; another store asks nix.
  const location = options.store ? null : locateStoreDatabase(env)
  const service = new GenerationsService(runner, nix, db, {
    closureSource: location ? new StoreDatabase(location) : null,
    store: options.store ?? null,
    gcRootsDir: join(dataDir, 'gcroots'),
  })
  return { db, service, close: () => db.close() }
}

/**
 * The profile the app's settings name (read straight from the settings table, so the command
 * does not load the app's schemas), or NixOS's system profile.
 */
export function settingsProfile(db: Database.Database): string {
  const value = storedSetting(db, 'profilePath')
  return typeof value === 'string' && value.length > 0 ? value : defaultSystemProfile
}
