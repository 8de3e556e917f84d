// Closures of system toplevels (every store path with its NAR size, and the user-chosen ones),
// cached in SQLite by toplevel store path: a store path's closure never changes, so each one is
// asked for once. Uncached closures are fetched together, from a faster source such as the
// store's own database when one is handed in, else with one `nix path-info` over all of them
// (path-info.ts), never one process per generation.
import type Database from 'better-sqlite3'
import type { ClosureEntry } from '../../../shared/generations/types'
import type { NixService } from '../nix'
import { decodeIds, encodeIds } from './closure-ids'
import { closuresFromPathInfo } from './path-info'
import type { ClosureRequest, ClosureSource, FetchedClosure } from './store-database'
import { swPathOf } from './sw-path'

export interface CachedClosure {
  toplevel: string
  entries: ClosureEntry[]
  /** Store paths the user chose: the references of `<toplevel>/sw`, else of the toplevel. */
  selected: string[]
  closureSize: number
  pathCount: number
}

export interface ClosureSummary {
  closureSize: number
  pathCount: number
}

export interface EnsureResult {
  /** Toplevels whose closures were fetched from nix by this call. */
  fetched: string[]
  /** Toplevels nix does not know as valid store paths, with nix's message. */
  invalid: Map<string, string>
  /** The closures fetched by this call, as stored (so a caller need not read them back). */
  closures: Map<string, CachedClosure>
}

/** Paths per `nix path-info` call; far below the argument-length limit. */
const pathsPerCall = 2000

export class ClosureCache {
  private readonly statements: ReturnType<ClosureCache['prepare']>
  /**
   * Paths nix refused as not valid, remembered for this session only (a repair may fix them),
   * so a broken generation does not cost a nix call on every listing.
   */
  private readonly knownInvalid = new Map<string, string>()
  /**
   * Closures fetched and already answered from memory, written to SQLite right after (a
   * listing's answer needs only their sizes; the write would double its time). flush() writes
   * them at once (a command does before it closes the database).
   */
  private readonly unsaved = new Map<string, { fetched: FetchedClosure; closure: CachedClosure }>()
  private saving: NodeJS.Immediate | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly nix: Pick<NixService, 'run'>,
    /** Asked before nix; null (or its answer null) means nix answers. */
    private readonly source: ClosureSource | null = null,
  ) {
    this.statements = this.prepare()
  }

  private prepare() {
    const db = this.db
    return {
      summary: db.prepare<[string], { closure_size: number; path_count: number }>(
        'SELECT closure_size, path_count FROM generation_closures WHERE toplevel = ?',
      ),
      closure: db.prepare<
        [string],
        { path_ids: Buffer; selected_ids: Buffer; closure_size: number }
      >('SELECT path_ids, selected_ids, closure_size FROM generation_closures WHERE toplevel = ?'),
      // One query resolves a whole closure's ids; the ids travel as a JSON array.
      paths: db
        .prepare<[string], [number, string, number]>(
          `SELECT s.id, s.path, s.nar_size FROM json_each(?) AS j
           JOIN generation_store_paths AS s ON s.id = j.value`,
        )
        .raw(true),
      pathId: db
        .prepare<[string], number>('SELECT id FROM generation_store_paths WHERE path = ?')
        .pluck(),
      // Inserted first and looked up only when already there: one statement for a new path.
      insertPath: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO generation_store_paths (path, nar_size) VALUES (?, ?)',
      ),
      insertClosure: db.prepare(
        `INSERT OR REPLACE INTO generation_closures
           (toplevel, path_ids, selected_ids, closure_size, path_count, cached_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
    }
  }

  /** Size and path count of each cached toplevel; uncached ones are absent. Reads only SQLite. */
  summaries(toplevels: readonly string[]): Map<string, ClosureSummary> {
    const result = new Map<string, ClosureSummary>()
    for (const toplevel of toplevels) {
      const unsaved = this.unsaved.get(toplevel)?.closure
      const row = unsaved ? null : this.statements.summary.get(toplevel)
      if (unsaved)
        result.set(toplevel, { closureSize: unsaved.closureSize, pathCount: unsaved.pathCount })
      else if (row)
        result.set(toplevel, { closureSize: row.closure_size, pathCount: row.path_count })
    }
    return result
  }

  has(toplevel: string): boolean {
    return this.unsaved.has(toplevel) || this.statements.summary.get(toplevel) !== undefined
  }

  /** The cached closure, or null when it was never fetched. */
  load(toplevel: string): CachedClosure | null {
    const unsaved = this.unsaved.get(toplevel)
    if (unsaved) return unsaved.closure
    const row = this.statements.closure.get(toplevel)
    if (!row) return null
    const ids = decodeIds(row.path_ids)
    const byId = new Map<number, ClosureEntry>()
    for (const [id, path, narSize] of this.statements.paths.all(JSON.stringify(ids))) {
      byId.set(id, { path, narSize })
    }
    const entries: ClosureEntry[] = []
    for (const id of ids) {
      const entry = byId.get(id)
      if (entry) entries.push(entry)
    }
    const selected: string[] = []
    for (const id of decodeIds(row.selected_ids)) {
      const entry = byId.get(id)
      if (entry) selected.push(entry.path)
    }
    return {
      toplevel,
      entries,
      selected,
      closureSize: row.closure_size,
      pathCount: entries.length,
    }
  }

  /**
   * Makes sure every toplevel's closure is cached, fetching all missing ones in one nix call.
   * Toplevels nix does not know are reported, not thrown, so the rest still get cached.
   */
  async ensure(
    toplevels: readonly string[],
    options: {
      signal?: AbortSignal
      /** Write what was fetched after the caller's answer is out (flush() writes it now). */
      deferWrite?: boolean
    } = {},
  ): Promise<EnsureResult> {
    const invalid = new Map<string, string>()
    const closures = new Map<string, CachedClosure>()
    const missing: string[] = []
    for (const toplevel of new Set(toplevels)) {
      const known = this.knownInvalid.get(toplevel)
      if (known !== undefined) invalid.set(toplevel, known)
      else if (!this.has(toplevel)) missing.push(toplevel)
    }
    if (missing.length === 0) return { fetched: [], invalid, closures }
    const fetched: string[] = []
    for (let i = 0; i < missing.length; i += pathsPerCall) {
      const chunk = missing.slice(i, i + pathsPerCall)
      const swPaths = await Promise.all(chunk.map((t) => swPathOf(t)))
      const requests = chunk.map((toplevel, index) => ({ toplevel, sw: swPaths[index] ?? null }))
      const built = await this.fetch(requests, invalid, options.signal)
      for (const fetchedClosure of built) {
        const closure = summarize(fetchedClosure)
        this.unsaved.set(closure.toplevel, { fetched: fetchedClosure, closure })
        closures.set(closure.toplevel, closure)
        fetched.push(closure.toplevel)
      }
    }
    if (!options.deferWrite) this.flush()
    else if (this.unsaved.size > 0) this.saving ??= setImmediate(() => this.flush())
    for (const [toplevel, reason] of invalid) this.knownInvalid.set(toplevel, reason)
    return { fetched, invalid, closures }
  }

  /** Writes the closures fetched lately to SQLite now (before the database closes). */
  flush(): void {
    if (this.saving) clearImmediate(this.saving)
    this.saving = null
    if (this.unsaved.size === 0) return
    const pending = [...this.unsaved.values()].map((u) => u.fetched)
    try {
      this.db.transaction(() => {
        const ids = this.storePaths(pending)
        for (const closure of pending) this.store(closure, ids)
      })()
    } catch {
      // The database is closed or full: the closures are asked again next time.
    }
    this.unsaved.clear()
  }

  /** Ensures, then loads, each toplevel's closure; invalid ones are absent from the map. */
  async get(
    toplevels: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<{ closures: Map<string, CachedClosure>; invalid: Map<string, string> }> {
    const ensured = await this.ensure(toplevels, options)
    const closures = new Map<string, CachedClosure>()
    for (const toplevel of toplevels) {
      const closure = ensured.closures.get(toplevel) ?? this.load(toplevel)
      if (closure) closures.set(toplevel, closure)
    }
    return { closures, invalid: ensured.invalid }
  }

  /**
   * The closures of the requested toplevels, from the faster source when there is one and it
   * answers, else from one nix call. Toplevels that cannot be read land in `invalid`.
   */
  private async fetch(
    requests: readonly ClosureRequest[],
    invalid: Map<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<FetchedClosure[]> {
    const answer = this.source?.closures(requests) ?? null
    if (answer) {
      for (const path of answer.missing) invalid.set(path, `${path} is not a valid store path.`)
      return answer.closures
    }
    return closuresFromPathInfo(this.nix, requests, invalid, signal)
  }

  /** The store-path ids of every path of the closures, inserting the new ones. */
  private storePaths(closures: readonly FetchedClosure[]): Map<string, number> {
    const { insertPath, pathId } = this.statements
    const ids = new Map<string, number>()
    const add = (path: string, narSize: number) => {
      if (ids.has(path)) return
      const inserted = insertPath.run(path, narSize)
      ids.set(path, inserted.changes > 0 ? Number(inserted.lastInsertRowid) : pathId.get(path)!)
    }
    for (const { entries, selected } of closures) {
      for (const { path, narSize } of entries) add(path, narSize)
      for (const path of selected) add(path, 0)
    }
    return ids
  }

  private store(closure: FetchedClosure, ids: ReadonlyMap<string, number>): void {
    const { toplevel, entries, selected } = closure
    let size = 0
    const pathIds = new Array<number>(entries.length)
    entries.forEach((entry, i) => {
      size += entry.narSize
      pathIds[i] = ids.get(entry.path)!
    })
    this.statements.insertClosure.run(
      toplevel,
      encodeIds(pathIds),
      encodeIds(selected.map((path) => ids.get(path)!)),
      size,
      entries.length,
      Date.now(),
    )
  }
}

/** A fetched closure as the cache hands it out, with its size and path count. */
function summarize(closure: FetchedClosure): CachedClosure {
  let size = 0
  for (const entry of closure.entries) size += entry.narSize
  return { ...closure, closureSize: size, pathCount: closure.entries.length }
}
