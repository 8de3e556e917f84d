// What the store already knows about the paths two derivation closures name: which outputs are
// built (valid) and, for those, their real runtime references and sizes. Read from the local
// store's database when nix would use it (read-only, as `flakedeck diff` reads closures: a few
// milliseconds for thousands of paths); otherwise `nix-store --check-validity --print-invalid`
// sorts them in one call per batch and `nix path-info --json` reads the valid ones (nix 2.8
// prints an array of objects, nix 2.19+ an object keyed by path).
import Database from 'better-sqlite3'
import type { DerivationGraph } from '../../../shared/predict/derivation-graph'
import type { StoreFacts } from '../../../shared/predict/runtime-closure'
import { AppError } from '../../../shared/app-error'
import type { NixTools } from '../generations/nix-tools'
import type { StoreDatabaseLocation } from '../generations/store-database'

/** Paths per command: far below the kernel's limit on a command line. */
const batch = 2000

export interface StoreFactsWithSizes extends StoreFacts {
  sizes: Map<string, number>
}

function full(path: string): string {
  return path.startsWith('/') ? path : `/nix/store/${path}`
}

/** The facts from the store's database, or null when it cannot be read (nix answers then). */
function readFromDatabase(
  location: StoreDatabaseLocation,
  paths: readonly string[],
): StoreFactsWithSizes | null {
  let db: Database.Database | null = null
  try {
    db = new Database(location.file, { readonly: true, fileMustExist: true })
    db.pragma('query_only = ON')
    db.pragma('busy_timeout = 2000')
    const info = db.prepare<[string], { id: number; narSize: number }>(
      'SELECT id, coalesce(narSize, 0) AS narSize FROM ValidPaths WHERE path = ?',
    )
    const refs = db
      .prepare<[number], string>(
        'SELECT t.path FROM Refs AS r JOIN ValidPaths AS t ON t.id = r.reference WHERE r.referrer = ?',
      )
      .pluck()
    const references = new Map<string, string[]>()
    const sizes = new Map<string, number>()
    db.transaction(() => {
      for (const path of paths) {
        const row = info.get(path)
        if (!row) continue
        references.set(path, refs.all(row.id))
        sizes.set(path, row.narSize)
      }
    })()
    return { references, sizes }
  } catch {
    return null
  } finally {
    db?.close()
  }
}

export async function readStoreFacts(
  tools: NixTools,
  graphs: readonly DerivationGraph[],
  signal?: AbortSignal,
  database: StoreDatabaseLocation | null = null,
): Promise<StoreFactsWithSizes> {
  const wanted = new Set<string>()
  for (const graph of graphs) {
    for (const drv of graph.values()) {
      for (const path of drv.outputs.values()) if (path) wanted.add(path)
      for (const path of drv.inputSrcs) wanted.add(path)
    }
  }
  const all = [...wanted]
  const prefix = database ? `${database.storeDir}/` : null
  if (database && all.every((path) => path.startsWith(prefix!))) {
    const fromDatabase = readFromDatabase(database, all)
    if (fromDatabase) return fromDatabase
  }
  const valid: string[] = []
  const options = { timeoutMs: 300_000, ...(signal ? { signal } : {}) }
  for (let start = 0; start < all.length; start += batch) {
    const chunk = all.slice(start, start + batch)
    const result = await tools.run(
      'nix-store',
      ['--check-validity', '--print-invalid', ...chunk],
      options,
    )
    const invalid = new Set(result.stdout.split('\n').filter((line) => line !== ''))
    for (const path of chunk) if (!invalid.has(path)) valid.push(path)
  }
  const references = new Map<string, string[]>()
  const sizes = new Map<string, number>()
  const record = (path: string, info: { references?: unknown; narSize?: unknown }) => {
    const refs = Array.isArray(info.references)
      ? info.references.filter((r): r is string => typeof r === 'string').map(full)
      : []
    references.set(full(path), refs)
    if (typeof info.narSize === 'number') sizes.set(full(path), info.narSize)
  }
  for (let start = 0; start < valid.length; start += batch) {
    const chunk = valid.slice(start, start + batch)
    const result = await tools.nixCli.run(['path-info', '--json', ...chunk], {
      ...options,
      maxOutput: 512 * 1024 * 1024,
    })
    if (result.code !== 0) {
      throw new AppError('command-failed', 'nix path-info could not read built paths.', {
        details: result.stderr.slice(-4000),
      })
    }
    const parsed = JSON.parse(result.stdout) as unknown
    if (Array.isArray(parsed)) {
      for (const info of parsed as { path?: unknown; references?: unknown; narSize?: unknown }[]) {
        if (typeof info.path === 'string') record(info.path, info)
      }
    } else if (parsed && typeof parsed === 'object') {
      for (const [path, info] of Object.entries(parsed as Record<string, unknown>)) {
        if (info && typeof info === 'object') record(path, info)
      }
    }
  }
  return { references, sizes }
}
