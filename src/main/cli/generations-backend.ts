// What `flakedeck generations` and `flakedeck diff` need once they must look past the comparison
// cache: the database, nix, and the Generations service, with the store's own database as the
// fast source of closures (nix path-info when it cannot answer). Loaded on demand, so a cached
// `diff` never opens SQLite.
import type Database from 'better-sqlite3'
import { join } from 'node:path'
import { GenerationsService } from '../services/generations/generations-service'
import { locateStoreDatabase, StoreDatabase } from '../services/generations/store-database'
import { NixService } from '../services/nix'
import { createProcessRunner } from '../services/process-runner'
import { openDatabase } from '../store/database'

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
  const close = () => {
    // What was read lately is written before the database closes, not lost with it.
    service.cache.flush()
    service.toplevels.flush()
    db.close()
  }
  return { db, service, close }
}

// The settings' profile, for the commands that open the whole backend.
export { settingsProfile } from './generations-listing'
