import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { AppError } from '../../../src/main/core/app-error'
import {
  withFileGuard,
  withLockGuard,
  writeFileAtomic,
} from '../../../src/main/services/inputs/lock-guard'
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

describe('withLockGuard', () => {
  test('a valid new lock stays', async () => {
    const dir = temp()
    const path = join(dir, 'flake.lock')
    writeFileSync(path, goodLock)
    const next = goodLock.replace('"root": {}', '"root": { "inputs": {} }')
    await withLockGuard(path, async () => writeFileSync(path, next))
    expect(readFileSync(path, 'utf8')).toBe(next)
  })

  test('a half-written lock is put back byte for byte, with a clear error', async () => {
    const dir = temp()
    const path = join(dir, 'flake.lock')
    writeFileSync(path, goodLock)
    const error = await withLockGuard(path, async () =>
      writeFileSync(path, goodLock.slice(0, 20)),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toMatch(
      /nix left an unusable flake.lock: flake.lock is cut short/,
    )
    expect(readFileSync(path, 'utf8')).toBe(goodLock)
  })

  test('when the run fails, changed files are restored and a created one removed', async () => {
    const dir = temp()
    const path = join(dir, 'flake.lock')
    const other = join(dir, 'flake.nix')
    writeFileSync(path, goodLock)
    const failure = new Error('nix failed')
    await expect(
      withLockGuard(path, async () => {
        writeFileSync(path, '{"version": 7')
        writeFileSync(other, '{ }')
        throw failure
      }, [{ path: other }]),
    ).rejects.toBe(failure)
    expect(readFileSync(path, 'utf8')).toBe(goodLock)
    expect(readdirSync(dir)).toEqual(['flake.lock'])
  })

  test('an unchanged file is not rewritten', async () => {
    const dir = temp()
    const path = join(dir, 'flake.lock')
    writeFileSync(path, 'not even json')
    const before = statSync(path).mtimeMs
    await withFileGuard(
      [
        {
          path,
          validate: () => {
            throw new Error('must not be called')
          },
        },
      ],
      async () => 42,
    )
    expect(statSync(path).mtimeMs).toBe(before)
  })
})
