// `flakedeck clean` against real nix, in a nix store of the test's own
// (tests/fixtures/isolated-store.ts, passed with --store): its garbage collection never touches
// the shared /nix/store other tests use.
import { existsSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run-cli'
import type { CleanupPlan, CleanupResult } from '../../src/shared/generations/care-types'
import { makeIsolatedStore, makeSizedProfile } from '../fixtures/isolated-store'
import { captureIoWithData } from '../helpers/cli-io'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()

const captureIo = (dataDir: string) => captureIoWithData(dataDir, { NO_COLOR: '1' })

function setup(sizes: number[]) {
  const root = tempDir('flakedeck-cli-clean-')
  const store = makeIsolatedStore(join(root, 'nix'))
  const profile = makeSizedProfile(store, join(root, 'profiles'), sizes)
  const dataDir = join(root, 'data')
  const run = async (...argv: string[]) => {
    const io = captureIo(dataDir)
    const code = await runCli(['clean', '--store', store.uri, '--profile', profile, ...argv], io)
    return { code, stdout: io.stdout, stderr: io.stderr }
  }
  return { profile, store, run }
}

const packagesOf = (toplevel: string) => readFileSync(toplevel, 'utf8').split('\n').filter(Boolean)

describe('flakedeck clean', () => {
  it('--dry-run --json prints the plan and deletes nothing', async () => {
    const { profile, run } = setup([256, 256, 256])
    const { code, stdout, stderr } = await run('--keep', '1', '--dry-run', '--json')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const plan = JSON.parse(stdout) as CleanupPlan
    expect(plan.goes).toEqual([1, 2])
    expect(plan.rows.map((r) => [r.number, r.keptBecause])).toEqual([
      [3, ['current', 'newest']],
      [2, []],
      [1, []],
    ])
    expect(plan.freedBytes).toBeGreaterThan(0)
    expect(existsSync(`${profile}-1-link`)).toBe(true)
    expect(existsSync(readlinkSync(`${profile}-1-link`))).toBe(true)
  })

  it('deletes and collects, and nix reports what the plan predicted (within 1%)', async () => {
    const { profile, run } = setup([1024, 2048, 512])
    const old = [1, 2].map((n) => readlinkSync(`${profile}-${n}-link`))
    const { code, stdout } = await run('--keep', '1', '--keep-since', '14d', '--json')
    expect(code).toBe(0)
    const result = JSON.parse(stdout) as CleanupResult
    // Everything here is new: --keep-since 14d keeps all three.
    expect(result.deleted).toEqual([])
    expect(existsSync(old[0]!)).toBe(true)

    const second = await run('--keep', '1', '--json')
    expect(second.code).toBe(0)
    const cleaned = JSON.parse(second.stdout) as CleanupResult
    expect(cleaned.deleted).toEqual([1, 2])
    expect(cleaned.gc.pathsDeleted).toBe(cleaned.plan.freedPaths)
    const error = Math.abs(cleaned.gc.bytesFreed - cleaned.plan.freedBytes)
    expect(error / cleaned.plan.freedBytes).toBeLessThan(0.01)
    for (const top of old) expect(existsSync(top)).toBe(false)
    for (const p of packagesOf(readlinkSync(`${profile}-3-link`))) expect(existsSync(p)).toBe(true)
  })

  it('prints the generations that go and the bytes in words', async () => {
    const { run } = setup([256, 256, 256])
    const { code, stdout } = await run('--keep', '2', '--dry-run')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\s+3 .* kept: current, newest$/m)
    expect(stdout).toMatch(/^\s+1 .* goes {2}\d+(\.\d+)? KiB of its own$/m)
    expect(stdout).toMatch(/1 generation would go, freeing about [\d.]+ KiB in 2 store paths\./)
  })

  it('refuses bad options with exit 2 and says what to do', async () => {
    const { run } = setup([64])
    for (const [args, message] of [
      [[], 'say what to keep'],
      [['--keep', '0'], '--keep takes a whole number'],
      [['--keep-since', 'soon'], '--keep-since takes an age'],
      [['--keep', '2', 'extra'], 'unexpected argument "extra"'],
    ] as const) {
      const { code, stderr } = await run(...args)
      expect(code).toBe(2)
      expect(stderr).toContain(message)
      expect(stderr).toContain('flakedeck clean --help')
    }
  })
})

describe('flakedeck pin and unpin', () => {
  it('pins with a label (shown by generations), keeps it through clean, and unpins', async () => {
    const root = tempDir('flakedeck-cli-pin-')
    const store = makeIsolatedStore(join(root, 'nix'))
    const profile = makeSizedProfile(store, join(root, 'profiles'), [128, 128, 128])
    const dataDir = join(root, 'data')
    const cli = async (...argv: string[]) => {
      const io = captureIo(dataDir)
      const code = await runCli(argv, io)
      return { code, stdout: io.stdout, stderr: io.stderr }
    }
    const where = ['--store', store.uri, '--profile', profile]
    const pinned = await cli('pin', '1', '--label', 'known good', ...where, '--json')
    expect(pinned.code).toBe(0)
    expect(JSON.parse(pinned.stdout)).toMatchObject({ number: 1, label: 'known good' })
    const listed = await cli('generations', '--profile', profile)
    expect(listed.stdout).toContain('Pinned: generation 1, "known good".')

    const cleaned = await cli('clean', '--keep', '1', ...where, '--json')
    expect(cleaned.code).toBe(0)
    const result = JSON.parse(cleaned.stdout) as CleanupResult
    expect(result.deleted).toEqual([2])
    expect(result.plan.rows.find((r) => r.number === 1)?.keptBecause).toEqual(['pinned'])
    expect(existsSync(readlinkSync(`${profile}-1-link`))).toBe(true)

    expect((await cli('unpin', '1', ...where, '--json')).stdout).toBe('{"unpinned":true}\n')
    expect((await cli('unpin', '1', ...where)).stdout).toBe('Generation 1 was not pinned.\n')
    const noLabel = await cli('pin', '1', ...where)
    expect(noLabel.code).toBe(2)
    expect(noLabel.stderr).toContain('A pin needs a short label')
  })
})
