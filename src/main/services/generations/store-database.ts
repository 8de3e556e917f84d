// Closures read straight from the local nix store's own SQLite database, read-only: one query
// instead of a nix process, the way tools such as dix read it. It is a fast path only: anything
// unexpected (a store elsewhere or remote, another schema, no permission, a locked file) answers
// null, and the caller asks `nix path-info` as usual. The connection is opened for one query
// and closed again, so nix's database is never held open.
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ClosureEntry } from '../../../shared/generations/types'

/** A toplevel whose closure is wanted, and where its `sw` link points (NixOS), if anywhere. */
export interface ClosureRequest {
  toplevel: string
  sw: string | null
}

/** A closure as fetched: every path with its NAR size, and the paths the user chose. */
export interface FetchedClosure {
  toplevel: string
  entries: ClosureEntry[]
  /** The references of `sw` (NixOS: environment.systemPackages), else of the toplevel. */
  selected: string[]
}

/** Where closures come from besides nix itself. */
export interface ClosureSource {
  /**
   * The closures of the requested toplevels, and the toplevels the store does not hold as
   * valid; null when this source cannot answer (ask nix instead).
   */
  closures(
    requests: readonly ClosureRequest[],
  ): { closures: FetchedClosure[]; missing: string[] } | null
}

export interface StoreDatabaseLocation {
  file: string
  storeDir: string
}

const defaultStateDir = '/nix/var/nix'
const defaultStoreDir = '/nix/store'

/**
 * The local store's database, when nix on this machine would use it: no remote or custom store
 * (NIX_REMOTE, `store =` in NIX_CONFIG), and the file is there. FLAKEDECK_STORE_QUERY=nix turns
 * the fast path off.
 */
export function locateStoreDatabase(env: NodeJS.ProcessEnv): StoreDatabaseLocation | null {
  if (env.FLAKEDECK_STORE_QUERY === 'nix') return null
  const remote = env.NIX_REMOTE ?? ''
  if (!['', 'auto', 'daemon', 'local'].includes(remote)) return null
  const storeSetting = /^\s*store\s*=\s*(\S*)/m.exec(env.NIX_CONFIG ?? '')?.[1]
  if (storeSetting !== undefined && !['', 'auto', 'daemon', 'local'].includes(storeSetting)) {
    return null
  }
  const file = join(env.NIX_STATE_DIR || defaultStateDir, 'db', 'db.sqlite')
  if (!existsSync(file)) return null
  return { file, storeDir: (env.NIX_STORE_DIR || defaultStoreDir).replace(/\/+$/, '') }
}

// One toplevel's closure: its id, then everything reachable through Refs.
const closureQuery = `
  WITH RECURSIVE closure(id) AS (
    SELECT id FROM ValidPaths WHERE path = ?
    UNION
    SELECT r.reference FROM Refs AS r JOIN closure AS c ON r.referrer = c.id
  )
  SELECT v.path AS path, coalesce(v.narSize, 0) AS narSize
  FROM closure AS c JOIN ValidPaths AS v ON v.id = c.id`

const referencesQuery = `
  SELECT t.path FROM ValidPaths AS v
  JOIN Refs AS r ON r.referrer = v.id
  JOIN ValidPaths AS t ON t.id = r.reference
  WHERE v.path = ? AND t.id <> v.id`

export class StoreDatabase implements ClosureSource {
  /** Set after the first failure, so a broken database costs one attempt per process. */
  private disabled = false

  constructor(private readonly location: StoreDatabaseLocation) {}

  closures(
    requests: readonly ClosureRequest[],
  ): { closures: FetchedClosure[]; missing: string[] } | null {
    if (this.disabled || requests.length === 0) return null
    const prefix = `${this.location.storeDir}/`
    if (!requests.every((r) => r.toplevel.startsWith(prefix))) return null
    let db: Database.Database | null = null
    try {
      db = new Database(this.location.file, { readonly: true, fileMustExist: true })
      db.pragma('query_only = ON')
      // Nix holds its write lock briefly; wait a little rather than fall back at once.
      db.pragma('busy_timeout = 2000')
      const closureOf = db.prepare<[string], ClosureEntry>(closureQuery)
      const referencesOf = db.prepare<[string], string>(referencesQuery).pluck()
      const closures: FetchedClosure[] = []
      const missing: string[] = []
      // One read transaction: every closure sees the same state of the store.
      db.transaction(() => {
        for (const { toplevel, sw } of requests) {
          const entries = closureOf.all(toplevel)
          if (entries.length === 0) {
            missing.push(toplevel)
            continue
          }
          const owner = sw !== null && entries.some((e) => e.path === sw) ? sw : toplevel
          const selected = referencesOf.all(owner)
          closures.push({ toplevel, entries, selected })
        }
      })()
      return { closures, missing }
    } catch {
      // Not readable, locked, or not the schema this was written for: nix will answer instead.
      this.disabled = true
      return null
    } finally {
      db?.close()
    }
  }
}
