// The database's schema, as a named, ordered list. Each runs once, in order, inside a
// transaction, and is recorded in the `migrations` table. Never edit or reorder a released
// migration: add a new one.
import type Database from 'better-sqlite3'

export interface Migration {
  name: string
  up(db: Database.Database): void
}

export const migrations: readonly Migration[] = [
  {
    name: '0001-recent-repos-and-settings',
    up(db) {
      db.exec(`
        CREATE TABLE recent_repos (
          path TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          opened_at INTEGER NOT NULL
        );
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `)
    },
  },
]
