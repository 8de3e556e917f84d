// What each toplevel records about itself (NixOS label, kernel, revision, Home Manager
// packages…), kept in SQLite by store path: a store path's contents never change, so each
// toplevel is read from the file system once, ever, and a warm listing reads a row per
// generation instead of half a dozen files. Rows are written in one transaction after the
// listing's answer (flush() writes them at once, as a command does before it closes).
import type Database from 'better-sqlite3'
import type { ToplevelLookup } from './profile-reader'
import type { ToplevelInfo } from './toplevel-info'

/**
 * Bumped when what is read from a toplevel changes, so older rows are read again rather than
 * answered without the new fact.
 */
export const toplevelFormat = 1

/** Toplevels kept in memory besides SQLite (a few hundred bytes each). */
const keptInMemory = 5000

export class ToplevelStore implements ToplevelLookup {
  private readonly memory = new Map<string, ToplevelInfo>()
  private readonly unsaved = new Map<string, ToplevelInfo>()
  private saving: NodeJS.Immediate | null = null
  private readonly select: Database.Statement<[string, number], { info: string }>
  private readonly insert: Database.Statement<[string, number, string]>

  constructor(private readonly db: Database.Database) {
    this.select = db.prepare(
      'SELECT info FROM generation_toplevels WHERE store_path = ? AND format = ?',
    )
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO generation_toplevels (store_path, format, info) VALUES (?, ?, ?)',
    )
  }

  get(storePath: string): ToplevelInfo | undefined {
    const remembered = this.memory.get(storePath)
    if (remembered) return remembered
    const row = this.select.get(storePath, toplevelFormat)
    if (!row) return undefined
    const info = parseInfo(row.info)
    if (info) this.remember(storePath, info)
    return info ?? undefined
  }

  set(storePath: string, info: ToplevelInfo): void {
    this.remember(storePath, info)
    this.unsaved.set(storePath, info)
    this.saving ??= setImmediate(() => this.flush())
  }

  /** Writes the toplevels read lately to SQLite now (before the database closes). */
  flush(): void {
    if (this.saving) clearImmediate(this.saving)
    this.saving = null
    if (this.unsaved.size === 0) return
    try {
      this.db.transaction(() => {
        for (const [storePath, info] of this.unsaved) {
          this.insert.run(storePath, toplevelFormat, JSON.stringify(info))
        }
      })()
    } catch {
      // The database is closed or full: the toplevels are read from the file system next time.
    }
    this.unsaved.clear()
  }

  private remember(storePath: string, info: ToplevelInfo): void {
    if (this.memory.size >= keptInMemory) this.memory.clear()
    this.memory.set(storePath, info)
  }
}

/** A stored row, or null when it is not of the shape this version writes. */
function parseInfo(text: string): ToplevelInfo | null {
  try {
    const value = JSON.parse(text) as ToplevelInfo | null
    return value && typeof value === 'object' && 'nixosVersion' in value ? value : null
  } catch {
    return null
  }
}
