import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run-cli'
import { AppError } from '../../src/shared/app-error'
import { databaseFileName, openDatabase } from '../../src/main/store/database'
import { flakedeckApplicationId } from '../../src/main/store/database-check'
import { migrations } from '../../src/main/store/migrations'
import { captureIoWithData } from '../helpers/cli-io'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()

describe('database', () => {
  it('creates the file with WAL and records each migration once, in order', () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const names = (
      db.prepare('SELECT name FROM migrations ORDER BY rowid').all() as { name: string }[]
    ).map((r) => r.name)
    expect(names).toEqual(migrations.map((m) => m.name))
    db.close()
    const again = openDatabase(dir)
    expect(again.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({
      n: migrations.length,
    })
    again.close()
  })

  it('numbers the migrations in the order they run', () => {
    const numbers = migrations.map((m) => Number(/^(\d{4})-/.exec(m.name)?.[1]))
    expect(numbers).toEqual(migrations.map((_, i) => i + 1))
  })

  it('upgrades a database recorded under the former names without running anything again', () => {
    const dir = tempDir()
    // As an earlier Flakedeck wrote it: 0004-editor-sessions ran third, 0003-rebuild-runs fourth.
    const earlier = migrations.map((m) => ({ name: m.formerNames?.[0] ?? m.name, up: m.up }))
    expect(earlier.slice(2, 4).map((m) => m.name)).toEqual([
      '0004-editor-sessions',
      '0003-rebuild-runs',
    ])
    const db = openDatabase(dir, { migrations: earlier })
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('formatter', '"alejandra"')
    db.close()

    const ran: string[] = []
    const current = migrations.map((m) => ({
      ...m,
      up: (d: Parameters<typeof m.up>[0]) => {
        ran.push(m.name)
        m.up(d)
      },
    }))
    const again = openDatabase(dir, { migrations: current })
    expect(ran).toEqual([])
    const names = (
      again.prepare('SELECT name FROM migrations ORDER BY rowid').all() as { name: string }[]
    ).map((r) => r.name)
    expect(names).toEqual(migrations.map((m) => m.name))
    expect(again.prepare('SELECT value FROM settings WHERE key = ?').get('formatter')).toEqual({
      value: '"alejandra"',
    })
    again.close()
    // And it opens as it is from then on.
    openDatabase(dir).close()
  })

  it('runs only the migrations that are new', () => {
    const dir = tempDir()
    const order: string[] = []
    const list = [
      { name: 'a', up: () => order.push('a') },
      { name: 'b', up: () => order.push('b') },
    ]
    openDatabase(dir, { migrations: list.slice(0, 1) }).close()
    openDatabase(dir, { migrations: list }).close()
    expect(order).toEqual(['a', 'b'])
  })

  it('refuses a database written by a newer version and leaves it as it was', () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(
      '9999-from-the-future',
      1,
    )
    db.close()
    expect(() => openDatabase(dir)).toThrow(/newer Flakedeck/)
    const raw = new Database(join(dir, databaseFileName))
    expect(raw.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({
      n: migrations.length + 1,
    })
    raw.close()
  })

  it('refuses a file that is not a database and never wipes it', () => {
    const dir = tempDir()
    const file = join(dir, databaseFileName)
    const junk = 'this is not sqlite '.repeat(300)
    writeFileSync(file, junk)
    expect(() => openDatabase(dir)).toThrow(/is damaged or is not a SQLite database/)
    expect(readFileSync(file, 'utf8')).toBe(junk)
  })

  it('rolls back a migration that fails, so it runs again next time', () => {
    const dir = tempDir()
    const failing = [
      {
        name: 'x',
        up: (db: Database.Database) => {
          db.exec('CREATE TABLE half (a)')
          throw new Error('boom')
        },
      },
    ]
    expect(() => openDatabase(dir, { migrations: failing })).toThrow()
    const db = openDatabase(dir, { migrations: [] })
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual(
      { n: 0 },
    )
    db.close()
  })
})

/** The file's bytes, and the files beside it, to show that a refused database was not touched. */
function snapshot(dir: string) {
  const file = join(dir, databaseFileName)
  return { bytes: readFileSync(file).toString('base64'), files: readdirSync(dir).sort() }
}

/** A database file written outside Flakedeck, in rollback-journal mode as most apps leave it. */
function rawDatabase(dir: string, setup: (db: Database.Database) => void): void {
  const db = new Database(join(dir, databaseFileName))
  db.pragma('journal_mode = DELETE')
  setup(db)
  db.close()
}

/** The refusal (an AppError) that opening the database in `dir` ends in. */
function openError(dir: string): AppError {
  try {
    openDatabase(dir).close()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('openDatabase did not fail')
}

/** The refusal of the database in `dir`, which leaves its bytes and the files beside it as they were. */
function refusalLeavingAlone(dir: string): AppError {
  const before = snapshot(dir)
  const error = openError(dir)
  expect(snapshot(dir)).toEqual(before)
  return error
}

/** A Flakedeck database in `dir` with a page of a table scribbled over; returns its file. */
function damagedDatabase(dir: string): string {
  const db = openDatabase(dir)
  const insert = db.prepare('INSERT INTO generation_store_paths (path, nar_size) VALUES (?, ?)')
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) insert.run(`/nix/store/${'a'.repeat(32)}-path-${i}`, i)
  })()
  db.close()
  const file = join(dir, databaseFileName)
  const bytes = readFileSync(file)
  const pageSize = 4096
  const pages = bytes.length / pageSize
  expect(pages).toBeGreaterThan(20)
  // Scribble over the middle of a page of the table: the header and schema still read fine,
  // so only a check of the pages finds it.
  const page = Math.floor(pages / 2)
  bytes.fill(0x55, page * pageSize + 64, page * pageSize + 1024)
  writeFileSync(file, bytes)
  return file
}

/** `flakedeck generations` (a command that keeps data) on the data folder `dataDir`. */
async function generationsCli(dataDir: string, profile: string) {
  const io = captureIoWithData(dataDir)
  const code = await runCli(['generations', '--profile', profile], io)
  return { code, stderr: io.stderr }
}

describe('database start-up checks', () => {
  it('refuses a database with a damaged page at start-up, names it, and leaves it alone', () => {
    const dir = tempDir()
    const file = damagedDatabase(dir)
    const error = refusalLeavingAlone(dir)
    expect(error.message).toBe(`The database ${file} is damaged.`)
    expect(error.hint).toContain(`Move it aside (for example to ${file}.broken)`)
    expect(error.details).toMatch(/page|malformed/i)
  })

  it.each([
    {
      name: 'refuses a newer database (user_version ahead) without changing a byte',
      setup: (db: Database.Database) => {
        db.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)')
        db.prepare('INSERT INTO migrations VALUES (?, 1)').run(migrations[0]!.name)
        db.pragma(`application_id = ${flakedeckApplicationId}`)
        db.pragma(`user_version = ${migrations.length + 5}`)
      },
      refusal: /was written by a newer Flakedeck/,
    },
    {
      name: "refuses another application's file even when it has a table named migrations",
      setup: (db: Database.Database) => {
        db.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)')
        db.prepare('INSERT INTO migrations VALUES (?, 1)').run('20240101_create_users')
      },
      refusal: /another application's SQLite file/,
    },
    {
      name: 'refuses a file without tables that another program gave a schema version',
      setup: (db: Database.Database) => db.pragma('user_version = 3'),
      refusal: /another application's SQLite file/,
    },
    {
      name: 'refuses a file with another application id',
      setup: (db: Database.Database) => db.pragma('application_id = 1234'),
      refusal: /another application's SQLite file/,
    },
  ])('$name', ({ setup, refusal }) => {
    const dir = tempDir()
    rawDatabase(dir, setup)
    expect(refusalLeavingAlone(dir).message).toMatch(refusal)
  })

  it('refuses a newer database (unknown migrations) before switching it to WAL', () => {
    const dir = tempDir()
    openDatabase(dir).close()
    rawDatabase(dir, (db) =>
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run('9999-future', 1),
    )
    expect(refusalLeavingAlone(dir).message).toMatch(/newer Flakedeck.*9999-future/)
    const check = new Database(join(dir, databaseFileName), { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })

  it("refuses another application's SQLite file and adds nothing to it", () => {
    const dir = tempDir()
    rawDatabase(dir, (db) => {
      db.exec(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')",
      )
    })
    const error = refusalLeavingAlone(dir)
    expect(error.message).toMatch(
      /is not a Flakedeck database: it is another application's SQLite file/,
    )
    expect(error.details).toContain('notes')
  })

  it('the CLI refuses a damaged database with the message and leaves it alone', async () => {
    const dir = tempDir()
    const file = damagedDatabase(dir)
    const before = snapshot(dir)
    const { code, stderr } = await generationsCli(dir, join(dir, 'none'))
    expect(code).toBe(1)
    expect(stderr).toContain(`The database ${file} is damaged.`)
    expect(stderr).toContain('Move it aside')
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(snapshot(dir)).toEqual(before)
  })

  it('still opens a Flakedeck database from before the application id, and marks it', () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const raw = new Database(join(dir, databaseFileName))
    raw.pragma('application_id = 0')
    raw.pragma('user_version = 0')
    raw.close()
    const db = openDatabase(dir)
    expect(db.pragma('application_id', { simple: true })).toBe(flakedeckApplicationId)
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    db.close()
  })
})

describe('an unwritable data folder', () => {
  it('names the folder and what to do when a part of its path is a file (ENOTDIR)', () => {
    const parent = tempDir()
    const blocker = join(parent, 'not-a-folder')
    writeFileSync(blocker, 'x')
    const dataDir = join(blocker, 'flakedeck')
    const error = openError(dataDir)
    expect(error.message).toBe(
      `Flakedeck cannot write to its data folder ${dataDir}: a part of that path is a file, not a folder.`,
    )
    expect(error.hint).toContain('FLAKEDECK_DATA_DIR')
  })

  // Root ignores permission bits, so the folder is made immutable instead (chattr +i: not even
  // root may add a file). Needs root and a file system with attributes (ext4 here).
  const immutable = process.getuid?.() === 0 && spawnSync('chattr', ['--help']).error === undefined
  it.skipIf(!immutable)('names a folder it may not write in (chattr +i: EPERM)', () => {
    const dataDir = join(tempDir(), 'data')
    mkdirSync(dataDir)
    const made = spawnSync('chattr', ['+i', dataDir])
    if (made.status !== 0) throw new Error(`chattr +i failed: ${made.stderr}`)
    try {
      const error = openError(dataDir)
      expect(error.message).toBe(
        `Flakedeck cannot write to its data folder ${dataDir}: it is not writable for this user.`,
      )
      expect(error.hint).toContain(`chown -R "$USER" "${dataDir}"`)
      expect(readdirSync(dataDir)).toEqual([])
    } finally {
      spawnSync('chattr', ['-i', dataDir])
    }
  })

  it.skipIf(!immutable)('names the folder when its existing database cannot be used there', () => {
    const dataDir = join(tempDir(), 'data')
    openDatabase(dataDir).close()
    const before = snapshot(dataDir)
    const made = spawnSync('chattr', ['+i', dataDir])
    if (made.status !== 0) throw new Error(`chattr +i failed: ${made.stderr}`)
    try {
      // WAL needs its -shm and -wal files beside the database: even reading fails here.
      expect(openError(dataDir).message).toBe(
        `Flakedeck cannot write to its data folder ${dataDir}: it is not writable for this user.`,
      )
    } finally {
      spawnSync('chattr', ['-i', dataDir])
    }
    expect(snapshot(dataDir)).toEqual(before)
  })

  it('the CLI prints that message and no stack trace', async () => {
    const parent = tempDir()
    writeFileSync(join(parent, 'file'), 'x')
    const dataDir = join(parent, 'file', 'data')
    // A command that keeps data (`inputs` only reads, and leaves a missing database alone).
    const { code, stderr } = await generationsCli(dataDir, join(parent, 'profile'))
    expect(code).toBe(1)
    expect(stderr).toContain(`cannot write to its data folder ${dataDir}`)
    expect(stderr).toContain('FLAKEDECK_DATA_DIR')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
