// Unsaved edits of the editor's tabs, kept in the background the way VS Code's hot exit keeps
// them, so a reload, a restart or a crash of either side loses none: one draft per repo and
// file, with the version on disk it was based on. A draft goes when its tab is saved or closed
// without saving; until then, reopening the repo offers it back.
import type Database from 'better-sqlite3'
import { readFile } from 'node:fs/promises'
import type { Draft } from '../../../shared/contract'
import { contentVersion } from './file-content'
import { absoluteIn, toRepoPath, type RepoPath } from './repo-paths'

export interface DraftRecord {
  path: RepoPath
  content: string
  /** The version on disk the edit started from; null for a file that did not exist then. */
  baseVersion: string | null
  savedAt: number
}

interface DraftRow {
  path: string
  content: string
  base_version: string | null
  saved_at: number
}

export class DraftsStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  save(repo: string, draft: Omit<DraftRecord, 'savedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO editor_drafts (repo, path, content, base_version, saved_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(repo, path) DO UPDATE SET content = excluded.content,
           base_version = excluded.base_version, saved_at = excluded.saved_at`,
      )
      .run(repo, draft.path, draft.content, draft.baseVersion, this.now())
  }

  list(repo: string): DraftRecord[] {
    const rows = this.db
      .prepare(
        `SELECT path, content, base_version, saved_at FROM editor_drafts
         WHERE repo = ? ORDER BY path`,
      )
      .all(repo) as DraftRow[]
    return rows.map((row) => ({
      // Checked when the draft was saved; diskVersion checks it again before reading.
      path: row.path as RepoPath,
      content: row.content,
      baseVersion: row.base_version,
      savedAt: row.saved_at,
    }))
  }

  discard(repo: string, path: RepoPath): void {
    this.db.prepare('DELETE FROM editor_drafts WHERE repo = ? AND path = ?').run(repo, path)
  }
}

/** The version of a repo file on disk now, or null when it is not there (or not a file). */
async function diskVersion(repo: string, path: RepoPath): Promise<string | null> {
  try {
    // A link made since the draft was saved may lead out of the repo now.
    const checked = await toRepoPath(repo, path)
    return contentVersion(await readFile(absoluteIn(repo, checked)))
  } catch {
    return null
  }
}

/** Drafts as the editor offers them back: each with what is on disk now. */
export async function describeDrafts(repo: string, drafts: DraftRecord[]): Promise<Draft[]> {
  return Promise.all(
    drafts.map(async (draft) => {
      const onDisk = await diskVersion(repo, draft.path)
      return {
        ...draft,
        diskVersion: onDisk,
        sameAsDisk: onDisk !== null && onDisk === contentVersion(draft.content),
      }
    }),
  )
}
