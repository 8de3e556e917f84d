// better-sqlite3 is not N-API: Electron needs a build for its own ABI. `npm start` makes one with
// scripts/native-for-electron.mjs into .native/electron-<version>/, leaving node_modules' build
// for Node (tests, browser mode). This finds the Electron build.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronSqliteBinding(
  appRoot: string,
  electronVersion: string,
): string | undefined {
  const candidates = [
    process.env.FLAKEDECK_SQLITE_BINDING,
    join(appRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node'),
  ]
  return candidates.find((p): p is string => !!p && existsSync(p))
}
