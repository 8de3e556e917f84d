import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { databaseFileName, openDatabase } from '../../src/main/store/database'
import { migrations } from '../../src/main/store/migrations'
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
    expect(() => openDatabase(dir)).toThrow(/damaged or is not a Flakedeck database/)
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
