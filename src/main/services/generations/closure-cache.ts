// Closures of system toplevels (every store path with its NAR size, and the user-chosen ones),
// cached in SQLite by toplevel store path: a store path's closure never changes, so each one is
// asked of nix once. Uncached closures are fetched together with one
// `nix path-info --json --recursive` over all of them, never one process per generation (or, when
// a faster source such as the store's own database is handed in, from that).
import type Database from 'better-sqlite3'
import { readlink } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { ClosureEntry } from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'
import type { NixService } from '../nix'
import type { ClosureRequest, ClosureSource, FetchedClosure } from './store-database'

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

interface PathInfo {
  narSize: number
  references: string[]
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
    const infos = await this.fetchPathInfos(
      requests.map((r) => r.toplevel),
      invalid,
      signal,
    )
    const built: FetchedClosure[] = []
    for (const { toplevel, sw } of requests) {
      if (invalid.has(toplevel)) continue
      const closure = closureOf(toplevel, infos)
      if (!closure) {
        invalid.set(toplevel, `nix did not describe ${toplevel}.`)
        continue
      }
      built.push({
        toplevel,
        entries: closure.map((path) => ({ path, narSize: infos.get(path)?.narSize ?? 0 })),
        selected: selectedPaths(toplevel, sw, infos),
      })
    }
    return built
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

  /**
   * One `nix path-info --json --recursive` over the given paths. When nix refuses a path as not
   * valid, that path is set aside in `invalid` and the call repeats without it, so one bad
   * generation costs one extra call, not the timeline.
   */
  private async fetchPathInfos(
    paths: readonly string[],
    invalid: Map<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, PathInfo>> {
    let remaining = [...paths]
    while (remaining.length > 0) {
      const result = await this.nix.run(['path-info', '--json', '--recursive', ...remaining], {
        timeoutMs: 10 * 60_000,
        maxOutput: 1024 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      })
      if (result.code === 0) {
        const storeDir = dirname(remaining[0]!)
        const { infos, missing } = parsePathInfoJson(result.stdout, storeDir)
        for (const path of missing) {
          if (remaining.includes(path)) invalid.set(path, `${path} is not a valid store path.`)
        }
        return infos
      }
      const bad = invalidPathIn(result.stderr)
      if (!bad || !remaining.includes(bad)) {
        throw new AppError(
          'command-failed',
          'Nix could not read the closures of the generations.',
          {
            hint: 'Check that the nix store is healthy ("nix-store --verify") and try again.',
            details: result.stderr.slice(-8000),
          },
        )
      }
      invalid.set(bad, lastLine(result.stderr) || `${bad} is not a valid store path.`)
      remaining = remaining.filter((p) => p !== bad)
    }
    return new Map()
  }
}

/**
 * Reads both shapes of `nix path-info --json`: nix up to 2.18 prints an array of
 * `{path, narSize, references, …}`, newer nix an object keyed by path (with null for a path
 * that is not valid). Store paths given without the store directory get `storeDir`.
 */
export function parsePathInfoJson(
  text: string,
  storeDir: string,
): { infos: Map<string, PathInfo>; missing: string[] } {
  const data: unknown = JSON.parse(text)
  const infos = new Map<string, PathInfo>()
  const missing: string[] = []
  const full = (path: string) => (path.startsWith('/') ? path : resolve(storeDir, path))
  const add = (path: string, value: unknown) => {
    const info = value as { narSize?: unknown; references?: unknown; valid?: unknown } | null
    if (!info || typeof info !== 'object' || info.valid === false) {
      missing.push(full(path))
      return
    }
    const references = Array.isArray(info.references)
      ? info.references.filter((r): r is string => typeof r === 'string').map(full)
      : []
    infos.set(full(path), {
      narSize: typeof info.narSize === 'number' ? info.narSize : 0,
      references,
    })
  }
  if (Array.isArray(data)) {
    for (const item of data) {
      const path = (item as { path?: unknown } | null)?.path
      if (typeof path === 'string') add(path, item)
    }
  } else if (data && typeof data === 'object') {
    for (const [path, value] of Object.entries(data)) add(path, value)
  }
  return { infos, missing }
}

/** Every path reachable from `toplevel` through references, or null if nix did not list it. */
function closureOf(toplevel: string, infos: ReadonlyMap<string, PathInfo>): string[] | null {
  if (!infos.has(toplevel)) return null
  const seen = new Set<string>([toplevel])
  const stack = [toplevel]
  while (stack.length > 0) {
    const info = infos.get(stack.pop()!)
    if (!info) continue
    for (const reference of info.references) {
      if (!seen.has(reference)) {
        seen.add(reference)
        stack.push(reference)
      }
    }
  }
  return [...seen]
}

/**
 * The packages a user chose: NixOS links `<toplevel>/sw` to the system path, whose references
 * are `environment.systemPackages`. Without `sw` (a plain profile such as a user environment) the
 * toplevel's own references are the chosen packages.
 */
function selectedPaths(
  toplevel: string,
  swPath: string | null,
  infos: ReadonlyMap<string, PathInfo>,
): string[] {
  const owner = swPath && infos.has(swPath) ? swPath : toplevel
  return (infos.get(owner)?.references ?? []).filter((path) => path !== owner)
}

/** `<toplevel>/sw` as the store path it points into, or null. */
export async function swPathOf(toplevel: string): Promise<string | null> {
  // A NixOS system's `sw`, or a Home Manager generation's `home-path`: the packages chosen.
  for (const name of ['sw', 'home-path']) {
    try {
      const target = resolve(toplevel, await readlink(resolve(toplevel, name)))
      // The store path itself, in case the link points inside one.
      const match = /^(\/.+?\/[0-9a-z]{32}-[^/]+)/.exec(target)
      return match ? match[1]! : target
    } catch {
      // not there (or not a link): try the next
    }
  }
  return null
}

/** The path nix names in "path '…' is not valid" (nix 2.8 and 2.26 word it alike). */
export function invalidPathIn(stderr: string): string | null {
  return /path '([^']+)' is not valid/.exec(withoutAnsi(stderr))?.[1] ?? null
}

function lastLine(text: string): string {
  return withoutAnsi(text).trim().split('\n').slice(-1)[0]?.trim() ?? ''
}

function withoutAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
}

function encodeIds(ids: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(ids.length * 4)
  ids.forEach((id, i) => buffer.writeUInt32LE(id, i * 4))
  return buffer
}

function decodeIds(buffer: Buffer): number[] {
  const ids = new Array<number>(buffer.length >>> 2)
  for (let i = 0; i < ids.length; i++) ids[i] = buffer.readUInt32LE(i * 4)
  return ids
}

/** A fetched closure as the cache hands it out, with its size and path count. */
function summarize(closure: FetchedClosure): CachedClosure {
  let size = 0
  for (const entry of closure.entries) size += entry.narSize
  return { ...closure, closureSize: size, pathCount: closure.entries.length }
}
