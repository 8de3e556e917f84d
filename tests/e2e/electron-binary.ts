// Where the Electron binary is, without triggering Electron's download-on-first-use.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const electronDir = resolve(import.meta.dirname, '../../node_modules/electron')

export function electronBinary(): { path: string } | { missing: string } {
  const pathFile = join(electronDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist')
  const binary = join(dist, relative)
  if (existsSync(binary)) return { path: binary }
  return {
    missing: `No Electron binary at ${binary}: it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network). Run "npx install-electron" or set ELECTRON_OVERRIDE_DIST_PATH to run this test.`,
  }
}

export function electronVersion(): string {
  return (
    JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }
  ).version
}
