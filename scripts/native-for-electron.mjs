#!/usr/bin/env node
// better-sqlite3 is not N-API, so the desktop app needs a build for Electron's ABI while tests and
// browser mode need node_modules' build for Node's. This builds the Electron one into
// .native/electron-<version>/ (once per Electron version) and leaves node_modules alone, so
// `npm start` and `npm test` each load the right build without rebuilding back and forth.
// On NixOS, set npm_config_nodedir to nixpkgs' electron.headers (the dev shell does).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronPkg = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
)

/**
 * The version of the Electron that will run the app: the binary electron-vite starts
 * (ELECTRON_EXEC_PATH, e.g. nixpkgs' Electron in the dev shell) when set, else the npm package's.
 * The build is keyed by it; src/main/electron/native-binding.ts looks it up by the running
 * Electron's version.
 */
function targetElectronVersion() {
  const exec = process.env.ELECTRON_EXEC_PATH
  if (!exec) return electronPkg.version
  return execFileSync(exec, ['-p', 'process.versions.electron'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  }).trim()
}

const version = targetElectronVersion()
const target = join(root, '.native', `electron-${version}`, 'better_sqlite3.node')

if (existsSync(target)) process.exit(0)

const source = dirname(require.resolve('better-sqlite3/package.json'))
const work = mkdtempSync(join(tmpdir(), 'flakedeck-native-'))
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js')
const headers = process.env.npm_config_nodedir
  ? [`--nodedir=${process.env.npm_config_nodedir}`]
  : ['--dist-url=https://electronjs.org/headers']

console.log(`Building better-sqlite3 for Electron ${version} (once; kept in .native/)…`)
try {
  cpSync(source, work, {
    recursive: true,
    filter: (p) => !p.includes(`${join(source, 'build')}`),
  })
  execFileSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', ...headers],
    { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron' } },
  )
  mkdirSync(dirname(target), { recursive: true })
  cpSync(join(work, 'build/Release/better_sqlite3.node'), target)
  console.log(`Built ${target}`)
} catch (error) {
  console.error(
    `\nCould not build better-sqlite3 for Electron ${version}: ${error.message}\n` +
      "It needs a C++ toolchain (python3, make, g++) and Electron's headers (downloaded from electronjs.org,\n" +
      'or set npm_config_nodedir to a local copy). Browser mode ("npx flakedeck serve") works without it.',
  )
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
