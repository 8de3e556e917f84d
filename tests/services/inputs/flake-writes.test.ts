// flake.nix and flake.lock reach the repo only if they are still what the change started from;
// writes are atomic and keep the file's mode.
import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { writeFileAtomic } from '../../../src/main/services/files/atomic-write'
import {
  checkNewLock,
  writeIfUnchanged,
  type GuardedFile,
} from '../../../src/main/services/inputs/flake-writes'
import { appError } from '../../helpers/app-error'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
const goodLock = `${JSON.stringify({ nodes: { root: {} }, root: 'root', version: 7 }, null, 2)}\n`

describe('writeFileAtomic', () => {
  test('replaces the file, keeps its mode and leaves no temp file behind', async () => {
    const dir = temp()
    const path = join(dir, 'flake.lock')
    writeFileSync(path, 'old\n')
    chmodSync(path, 0o600)
    await writeFileAtomic(path, 'new\n')
    expect(readFileSync(path, 'utf8')).toBe('new\n')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['flake.lock'])
  })

  test('creates a file that did not exist', async () => {
    const dir = temp()
    await writeFileAtomic(join(dir, 'flake.lock'), goodLock)
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe(goodLock)
  })
})

describe('writeIfUnchanged', () => {
  function flake() {
    const dir = temp()
    writeFileSync(join(dir, 'flake.lock'), 'lock 1\n')
    writeFileSync(join(dir, 'flake.nix'), 'nix 1\n')
    const files = (after: { lock: string | null; nix: string | null }): GuardedFile[] => [
      { path: join(dir, 'flake.lock'), name: 'flake.lock', before: 'lock 1\n', after: after.lock },
      { path: join(dir, 'flake.nix'), name: 'flake.nix', before: 'nix 1\n', after: after.nix },
    ]
    return { dir, files }
  }

  test('writes both files when both are as the change found them', async () => {
    const { dir, files } = flake()
    await writeIfUnchanged(dir, files({ lock: 'lock 2\n', nix: 'nix 2\n' }), 'pinning')
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe('lock 2\n')
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('nix 2\n')
    expect(readdirSync(dir).sort()).toEqual(['flake.lock', 'flake.nix'])
  })

  test('a file changed meanwhile is kept, nothing is written, and the conflict names it', async () => {
    const { dir, files } = flake()
    writeFileSync(join(dir, 'flake.nix'), 'saved by the user\n')
    const error = await appError(
      writeIfUnchanged(dir, files({ lock: 'lock 2\n', nix: null }), 'updating the inputs'),
    )
    expect(error.code).toBe('conflict')
    expect(error.message).toBe('flake.nix changed on disk while Flakedeck was updating the inputs.')
    expect(error.hint).toMatch(/^Nothing was written/)
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('saved by the user\n')
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe('lock 1\n')
  })

  test('a deleted or newly created file is a change too', async () => {
    const { dir } = flake()
    const gone = await appError(
      writeIfUnchanged(
        dir,
        [{ path: join(dir, 'none.lock'), name: 'flake.lock', before: 'x', after: 'y' }],
        'x',
      ),
    )
    expect(gone.code).toBe('conflict')
    const created = await appError(
      writeIfUnchanged(
        dir,
        [{ path: join(dir, 'flake.lock'), name: 'flake.lock', before: null, after: 'y' }],
        'x',
      ),
    )
    expect(created.code).toBe('conflict')
    expect(readFileSync(join(dir, 'flake.lock'), 'utf8')).toBe('lock 1\n')
  })

  test('nothing to write checks nothing', async () => {
    const { dir, files } = flake()
    writeFileSync(join(dir, 'flake.nix'), 'saved by the user\n')
    await writeIfUnchanged(dir, files({ lock: 'lock 1\n', nix: null }), 'updating')
    expect(readFileSync(join(dir, 'flake.nix'), 'utf8')).toBe('saved by the user\n')
  })

  test('a symlinked flake.lock is written at its target inside the flake', async () => {
    const dir = temp()
    mkdirSync(join(dir, 'locks'))
    writeFileSync(join(dir, 'locks', 'real.lock'), 'lock 1\n')
    symlinkSync('locks/real.lock', join(dir, 'flake.lock'))
    await writeIfUnchanged(
      dir,
      [
        {
          path: join(dir, 'flake.lock'),
          name: 'flake.lock',
          before: 'lock 1\n',
          after: 'lock 2\n',
        },
      ],
      'x',
    )
    expect(lstatSync(join(dir, 'flake.lock')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'locks', 'real.lock'), 'utf8')).toBe('lock 2\n')
  })
})

describe('checkNewLock', () => {
  test('accepts a lock and refuses a half-written one with a clear error', () => {
    expect(() => checkNewLock(goodLock)).not.toThrow()
    expect(() => checkNewLock(goodLock.slice(0, 20))).toThrow(/nix made an unusable flake.lock/)
  })
})
