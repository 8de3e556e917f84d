// Pinned generations: a label in SQLite and a GC root in Flakedeck's data folder, so neither
// Flakedeck's clean-up nor `nix-collect-garbage -d` can take the generation's store paths. The
// root is registered with nix (`nix-store --add-root --indirect`), which is what makes a link
// outside /nix/var/nix/gcroots count; removing the link is enough to let the paths go again.
import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { GenerationPin } from '../../../shared/generations/care-types'
import { AppError } from '../../../shared/app-error'
import type { NixTools } from './nix-tools'
import { allPins, pinsOfProfile } from './pin-rows'

export class GenerationPins {
  constructor(
    private readonly db: Database.Database,
    private readonly tools: NixTools,
    /** Where the GC root links live, or null when Flakedeck has no data folder to put them in. */
    private readonly rootsDir: string | null,
  ) {}

  /** Every pin of the profile (by its profile link), newest generation first. */
  list(profilePath: string): GenerationPin[] {
    return pinsOfProfile(this.db, profilePath)
  }

  /** Every pin of every profile: their store paths are kept by any clean-up. */
  all(): GenerationPin[] {
    return allPins(this.db)
  }

  /**
   * Pins generation `number` (whose store path is `storePath`): registers the GC root first, so
   * a label is never saved for a generation nothing protects. Pinning again changes the label.
   */
  async pin(
    profilePath: string,
    number: number,
    storePath: string,
    label: string,
  ): Promise<GenerationPin> {
    if (!this.rootsDir) {
      throw new AppError('internal', 'Pins need a data folder for their GC roots.', {
        hint: 'Set FLAKEDECK_DATA_DIR to a writable folder.',
      })
    }
    await mkdir(this.rootsDir, { recursive: true })
    const gcRoot = join(this.rootsDir, rootName(profilePath, number))
    await this.tools.run('nix-store', ['--add-root', gcRoot, '--indirect', '--realise', storePath])
    this.db
      .prepare(
        `INSERT INTO generation_pins (profile_path, number, store_path, label, pinned_at, gc_root)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (profile_path, number) DO UPDATE SET
           store_path = excluded.store_path, label = excluded.label, gc_root = excluded.gc_root`,
      )
      .run(profilePath, number, storePath, label, Date.now(), gcRoot)
    return this.list(profilePath).find((p) => p.number === number)!
  }

  /** Removes the pin and its GC root; the next garbage collection may take the paths again. */
  async unpin(profilePath: string, number: number): Promise<boolean> {
    const pin = this.list(profilePath).find((p) => p.number === number)
    if (!pin) return false
    await rm(pin.gcRoot, { force: true })
    this.db
      .prepare('DELETE FROM generation_pins WHERE profile_path = ? AND number = ?')
      .run(profilePath, number)
    return true
  }
}

/** `<profile name>-<N>-<hash of the profile path>`: readable, and unique across profiles. */
function rootName(profilePath: string, number: number): string {
  const hash = createHash('sha256').update(profilePath).digest('hex').slice(0, 12)
  const name = profilePath
    .split('/')
    .pop()!
    .replace(/[^A-Za-z0-9._+-]/g, '_')
  return `${name}-${number}-${hash}`
}
