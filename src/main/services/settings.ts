// User settings, one JSON value a key in SQLite; defaults fill what the user never set.
import type Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { settingsSchema, type Settings } from '../../shared/contract'
import { defaultStaleAfterDays } from '../../shared/lockfile/input-age'

/** /etc/NIXOS marks a NixOS system; elsewhere rebuilds run in profile mode. */
export const onNixOS = existsSync('/etc/NIXOS')

export const defaultSettings: Settings = {
  rebuildMode: onNixOS ? 'nixos-rebuild' : 'profile',
  rebuildSudo: onNixOS,
  rebuildExtraArgs: [],
  rebuildCustomCommand: null,
  lookBeforeSwitch: true,
  profilePath: '/nix/var/nix/profiles/system',
  rebuildProfilePath: '/nix/var/nix/profiles/system',
  inputAgeWarningDays: defaultStaleAfterDays,
  formatter: 'nixfmt',
  extraProfiles: [],
  bootDir: '/boot',
}

export class SettingsService {
  constructor(
    private readonly db: Database.Database,
    private readonly defaults: Settings = defaultSettings,
  ) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as {
      key: string
      value: string
    }[]
    const stored: Record<string, unknown> = {}
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value)
      } catch {
        // A value that no longer parses falls back to its default.
      }
    }
    const merged = { ...this.defaults }
    for (const key of Object.keys(this.defaults) as (keyof Settings)[]) {
      const candidate = settingsSchema.shape[key].safeParse(stored[key])
      if (candidate.success) (merged as Record<string, unknown>)[key] = candidate.data
    }
    return merged
  }

  set(patch: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value))
      }
    })()
    return this.get()
  }
}
