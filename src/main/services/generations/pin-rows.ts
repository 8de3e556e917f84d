// Pins as SQLite keeps them (generation_pins): read here alone, so a listing of generations
// needs neither nix nor the GC-root code of generation-pins.ts.
import type Database from 'better-sqlite3'
import type { GenerationPin } from '../../../shared/generations/care-types'

interface PinRow {
  profile_path: string
  number: number
  store_path: string
  label: string
  pinned_at: number
  gc_root: string
}

const toPin = (row: PinRow): GenerationPin => ({
  profilePath: row.profile_path,
  number: row.number,
  storePath: row.store_path,
  label: row.label,
  pinnedAt: row.pinned_at,
  gcRoot: row.gc_root,
})

/** Every pin of the profile (by its profile link), newest generation first. */
export function pinsOfProfile(db: Database.Database, profilePath: string): GenerationPin[] {
  return db
    .prepare<[string], PinRow>(
      'SELECT * FROM generation_pins WHERE profile_path = ? ORDER BY number DESC',
    )
    .all(profilePath)
    .map(toPin)
}

/** Every pin of every profile. */
export function allPins(db: Database.Database): GenerationPin[] {
  return db.prepare<[], PinRow>('SELECT * FROM generation_pins').all().map(toPin)
}
