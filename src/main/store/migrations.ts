// The database's schema, as a named, ordered list. Each runs once, in order, inside a
// transaction, and is recorded in the `migrations` table. Never edit or reorder a released
// migration: add a new one. The numbers in the names follow the run order; a migration renamed
// for that keeps its old name in `formerNames`, and an existing database's record of it is
// renamed when it is opened (runMigrations), so it never runs twice.
import type Database from 'better-sqlite3'

export interface Migration {
  name: string
  /** Names it was recorded under before (databases written by earlier versions). */
  formerNames?: readonly string[]
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
  {
    // Closures of system generations, keyed by toplevel store path (a store path's closure never
    // changes). Store paths are kept once in generation_store_paths; a closure is a packed list
    // of their ids (little-endian uint32), so hundreds of generations share one copy of each.
    name: '0002-generations-cache',
    up(db) {
      db.exec(`
        CREATE TABLE generation_store_paths (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          nar_size INTEGER NOT NULL
        );
        CREATE TABLE generation_closures (
          toplevel TEXT PRIMARY KEY,
          path_ids BLOB NOT NULL,
          selected_ids BLOB NOT NULL,
          closure_size INTEGER NOT NULL,
          path_count INTEGER NOT NULL,
          cached_at INTEGER NOT NULL
        );
      `)
    },
  },
  {
    name: '0003-editor-sessions',
    formerNames: ['0004-editor-sessions'],
    up(db) {
      db.exec(`
        CREATE TABLE editor_sessions (
          repo TEXT PRIMARY KEY,
          state TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
      `)
    },
  },
  {
    // Every rebuild: what ran, from which commit, how it ended, and its terminal output
    // (gzip, the last 4 MiB). Rows still 'running' when Flakedeck starts become 'interrupted'.
    name: '0004-rebuild-runs',
    formerNames: ['0003-rebuild-runs'],
    up(db) {
      db.exec(`
        CREATE TABLE rebuild_runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          repo TEXT NOT NULL,
          host TEXT NOT NULL,
          action TEXT NOT NULL,
          mode TEXT NOT NULL,
          commands TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          status TEXT NOT NULL
            CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
          status_text TEXT,
          exit_code INTEGER,
          git_commit TEXT,
          git_dirty INTEGER,
          flake_lock_sha256 TEXT,
          store_path TEXT,
          generation INTEGER,
          failure TEXT,
          output BLOB,
          output_truncated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX rebuild_runs_by_repo ON rebuild_runs (repo, started_at DESC);
        CREATE INDEX rebuild_runs_running ON rebuild_runs (status) WHERE status = 'running';
      `)
    },
  },
  {
    // The process that runs a rebuild (pid, and boot + start time against pid reuse): a start of
    // the app marks a 'running' row interrupted only when that process is gone.
    name: '0005-rebuild-run-owner',
    up(db) {
      db.exec(`
        ALTER TABLE rebuild_runs ADD COLUMN owner_pid INTEGER;
        ALTER TABLE rebuild_runs ADD COLUMN owner_start TEXT;
      `)
    },
  },
  {
    // One profile setting used to serve both the Generations area and profile-mode rebuilds; the
    // rebuild now has its own. It starts as the profile the user had, so nothing moves.
    name: '0006-rebuild-profile-setting',
    up(db) {
      db.exec(`
        INSERT OR IGNORE INTO settings (key, value)
          SELECT 'rebuildProfilePath', value FROM settings WHERE key = 'profilePath';
      `)
    },
  },
  {
    // Pinned generations: a label per profile and generation number, with the store path it
    // pointed to and the GC root in the data folder that keeps that path from being collected.
    name: '0007-generation-pins',
    up(db) {
      db.exec(`
        CREATE TABLE generation_pins (
          profile_path TEXT NOT NULL,
          number INTEGER NOT NULL,
          store_path TEXT NOT NULL,
          label TEXT NOT NULL,
          pinned_at INTEGER NOT NULL,
          gc_root TEXT NOT NULL,
          PRIMARY KEY (profile_path, number)
        );
      `)
    },
  },
  {
    // Unsaved edits of the editor's tabs (hot exit): the buffer and the disk version it was
    // based on, one per repo and file, until the tab is saved or closed without saving.
    name: '0008-editor-drafts',
    up(db) {
      db.exec(`
        CREATE TABLE editor_drafts (
          repo TEXT NOT NULL,
          path TEXT NOT NULL,
          content TEXT NOT NULL,
          base_version TEXT,
          saved_at INTEGER NOT NULL,
          PRIMARY KEY (repo, path)
        );
      `)
    },
  },
  {
    // What a proposed change does to a host, by the pair of toplevel derivations compared
    // (which fix both closures), so reopening a preview needs no comparison.
    name: '0009-predictions',
    up(db) {
      db.exec(`
        CREATE TABLE predictions (
          host TEXT NOT NULL,
          before_drv TEXT NOT NULL,
          after_drv TEXT NOT NULL,
          format INTEGER NOT NULL,
          result TEXT NOT NULL,
          computed_at INTEGER NOT NULL,
          PRIMARY KEY (host, before_drv, after_drv)
        );
      `)
    },
  },
  {
    // What each generation's toplevel records about itself (NixOS label, kernel, revision, Home
    // Manager version and packages), as JSON by store path, whose contents never change: a warm
    // listing reads these rows instead of the toplevels' files. `format` says which reader wrote
    // a row, so a reader that learns a new fact reads older toplevels again.
    name: '0010-generation-toplevels',
    up(db) {
      db.exec(`
        CREATE TABLE generation_toplevels (
          store_path TEXT PRIMARY KEY,
          format INTEGER NOT NULL,
          info TEXT NOT NULL
        );
      `)
    },
  },
]
