// Rebuild runs in SQLite (table rebuild_runs, migration 0003): one row a run, written when it
// starts and completed when it ends, so a run that never ended (Flakedeck crashed or was killed)
// is still there and is marked 'interrupted' by the next start of the app, once its owner process
// is gone.
import type Database from 'better-sqlite3'
import {
  rebuildFailureSchema,
  type RebuildAction,
  type RebuildFailure,
  type RebuildMode,
  type RebuildRun,
  type RebuildStatus,
} from '../../../shared/rebuild/types'
import { decompressOutput } from './output-tail'
import { ownerAlive, runOwner, type RunOwner } from './run-owner'
import type { RepoSnapshot } from './repo-snapshot'

export interface NewRun {
  repo: string
  host: string
  action: RebuildAction
  mode: RebuildMode
  commands: string[][]
  startedAt: number
  gitCommit: string | null
  gitDirty: boolean | null
  flakeLockSha256: string | null
  /** The process running it; this one unless given. */
  owner?: RunOwner
}

export interface RunEnd {
  endedAt: number
  status: Exclude<RebuildStatus, 'running' | 'interrupted'>
  statusText: string | null
  exitCode: number | null
  commands: string[][]
  storePath: string | null
  generation: number | null
  failure: RebuildFailure | null
  /** The stored terminal output, gzip-compressed (see RunLog.storedPieces). */
  compressedOutput: Buffer
  outputTruncated: boolean
}

interface Row {
  id: number
  repo: string
  host: string
  action: string
  mode: string
  commands: string
  started_at: number
  ended_at: number | null
  status: string
  status_text: string | null
  exit_code: number | null
  git_commit: string | null
  git_dirty: number | null
  flake_lock_sha256: string | null
  store_path: string | null
  generation: number | null
  failure: string | null
  output_truncated: number
}

const columns = `id, repo, host, action, mode, commands, started_at, ended_at, status, status_text,
  exit_code, git_commit, git_dirty, flake_lock_sha256, store_path, generation, failure,
  output_truncated`

export const interruptedText = 'Flakedeck stopped while this rebuild was running.'

function parseJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function toRun(row: Row): RebuildRun {
  const commands = parseJson(row.commands)
  const failure = rebuildFailureSchema.safeParse(parseJson(row.failure))
  return {
    id: row.id,
    repo: row.repo,
    host: row.host,
    action: row.action as RebuildAction,
    mode: row.mode as RebuildMode,
    commands: Array.isArray(commands) ? (commands as string[][]) : [],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    status: row.status as RebuildStatus,
    statusText: row.status_text,
    exitCode: row.exit_code,
    gitCommit: row.git_commit,
    gitDirty: row.git_dirty === null ? null : row.git_dirty !== 0,
    flakeLockSha256: row.flake_lock_sha256,
    storePath: row.store_path,
    generation: row.generation,
    failure: failure.success ? failure.data : null,
    outputTruncated: row.output_truncated !== 0,
  }
}

export class RunStore {
  constructor(private readonly db: Database.Database) {}

  insert(run: NewRun): number {
    const owner = run.owner ?? runOwner()
    const result = this.db
      .prepare(
        `INSERT INTO rebuild_runs (repo, host, action, mode, commands, started_at, status,
           git_commit, git_dirty, flake_lock_sha256, owner_pid, owner_start)
         VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      )
      .run(
        run.repo,
        run.host,
        run.action,
        run.mode,
        JSON.stringify(run.commands),
        run.startedAt,
        run.gitCommit,
        run.gitDirty === null ? null : run.gitDirty ? 1 : 0,
        run.flakeLockSha256,
        owner.pid,
        owner.start,
      )
    return Number(result.lastInsertRowid)
  }

  /** What the run was made from, once known (it is read while the run's first command starts). */
  setSnapshot(id: number, snapshot: RepoSnapshot): void {
    this.db
      .prepare(
        'UPDATE rebuild_runs SET git_commit = ?, git_dirty = ?, flake_lock_sha256 = ? WHERE id = ?',
      )
      .run(
        snapshot.gitCommit,
        snapshot.gitDirty === null ? null : snapshot.gitDirty ? 1 : 0,
        snapshot.flakeLockSha256,
        id,
      )
  }

  finish(id: number, end: RunEnd): void {
    this.db
      .prepare(
        `UPDATE rebuild_runs SET ended_at = ?, status = ?, status_text = ?, exit_code = ?,
           commands = ?, store_path = ?, generation = ?, failure = ?, output = ?,
           output_truncated = ?
         WHERE id = ?`,
      )
      .run(
        end.endedAt,
        end.status,
        end.statusText,
        end.exitCode,
        JSON.stringify(end.commands),
        end.storePath,
        end.generation,
        end.failure ? JSON.stringify(end.failure) : null,
        end.compressedOutput,
        end.outputTruncated ? 1 : 0,
        id,
      )
  }

  /**
   * Runs left 'running' by a process that is gone become 'interrupted'; returns how many. A run
   * whose owner still runs (another window's server, the app while a command runs) is left be;
   * a row without an owner comes from a version that did not record one.
   */
  markInterrupted(now: number, alive: (owner: RunOwner) => boolean = ownerAlive): number {
    const rows = this.db
      .prepare(`SELECT id, owner_pid, owner_start FROM rebuild_runs WHERE status = 'running'`)
      .all() as { id: number; owner_pid: number | null; owner_start: string | null }[]
    const gone = rows.filter(
      (r) => r.owner_pid === null || !alive({ pid: r.owner_pid, start: r.owner_start }),
    )
    const mark = this.db.prepare(
      `UPDATE rebuild_runs SET status = 'interrupted', status_text = ?,
         ended_at = COALESCE(ended_at, ?)
       WHERE id = ? AND status = 'running'`,
    )
    return this.db.transaction(() =>
      gone.reduce((n, r) => n + mark.run(interruptedText, now, r.id).changes, 0),
    )()
  }

  get(id: number): RebuildRun | null {
    const row = this.db.prepare(`SELECT ${columns} FROM rebuild_runs WHERE id = ?`).get(id) as
      Row | undefined
    return row ? toRun(row) : null
  }

  /**
   * The newest successful run that produced each of these store paths. A run that switched to
   * an existing generation (nix-env --switch-generation) made nothing and does not count.
   */
  byStorePaths(paths: readonly string[]): Map<string, RebuildRun> {
    const rows = this.db
      .prepare(
        `SELECT ${columns} FROM rebuild_runs
         WHERE status = 'succeeded' AND store_path IN (SELECT value FROM json_each(?))
           AND commands NOT LIKE '%"--switch-generation"%'
         ORDER BY id`,
      )
      .all(JSON.stringify(paths)) as Row[]
    const result = new Map<string, RebuildRun>()
    for (const run of rows.map(toRun)) if (run.storePath) result.set(run.storePath, run)
    return result
  }

  /** Newest first. */
  list(options: { repo?: string; limit?: number } = {}): RebuildRun[] {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000))
    const rows = (
      options.repo === undefined
        ? this.db.prepare(`SELECT ${columns} FROM rebuild_runs ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db
            .prepare(`SELECT ${columns} FROM rebuild_runs WHERE repo = ? ORDER BY id DESC LIMIT ?`)
            .all(options.repo, limit)
    ) as Row[]
    return rows.map(toRun)
  }

  /** The stored terminal output, or null when the run stored none (yet). */
  output(id: number): string | null {
    const row = this.db.prepare('SELECT output FROM rebuild_runs WHERE id = ?').get(id) as
      { output: Buffer | null } | undefined
    return row?.output ? decompressOutput(row.output) : null
  }
}
