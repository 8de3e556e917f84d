// Which files were open in a repo, so the next start reopens them.
import type Database from 'better-sqlite3'
import { sessionStateSchema, type SessionState } from '../../../shared/contract'

export class SessionStore {
  constructor(private readonly db: Database.Database) {}

  get(repo: string): SessionState {
    const row = this.db.prepare('SELECT state FROM editor_sessions WHERE repo = ?').get(repo) as
      { state: string } | undefined
    if (row) {
      try {
        const parsed = sessionStateSchema.safeParse(JSON.parse(row.state))
        if (parsed.success) return parsed.data
      } catch {
        // an unreadable state is the same as none
      }
    }
    return { openFiles: [], activeFile: null }
  }

  set(repo: string, state: SessionState): void {
    this.db
      .prepare(
        `INSERT INTO editor_sessions (repo, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(repo) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      )
      .run(repo, JSON.stringify(state), Date.now())
  }
}
