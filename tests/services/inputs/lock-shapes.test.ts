// Lock shapes from real configurations, against real nix: an input that follows the root flake,
// a shallow git input with submodules, and lock files of versions 5 and 6 (which nix reads).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { AppError } from '../../../src/shared/app-error'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { makeLockShapesFixture } from '../../fixtures/lock-shapes-fixture'
import { git } from '../../helpers/git-repo'
import { nixLock, realInputsService } from '../../helpers/real-inputs'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()

function setup() {
  const fixture = makeLockShapesFixture(temp('flakedeck-lock-shapes-'))
  return { fixture, service: realInputsService(temp('flakedeck-data-')) }
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as LockJson
interface LockJson {
  version: number
  nodes: Record<string, Record<string, unknown>>
}

describe('lock shapes of real configurations', () => {
  test('an input that follows the root flake is a follows row, not an empty one', async () => {
    const { fixture, service } = setup()
    // nix writes `follows = ""` as an empty follows path.
    expect(readJson(join(fixture.flake, 'flake.lock')).nodes.dep!.inputs).toEqual({
      'flake-compat': [],
    })
    const overview = await service.read(fixture.flake)
    const row = overview.tree.rows.find((r) => r.id === 'dep/flake-compat')
    expect(row).toMatchObject({ follows: '', depth: 1, childCount: 0, isStale: false })
    expect(overview.tree.rows.find((r) => r.id === 'dep')).toMatchObject({ childCount: 1 })
    const before = readFileSync(join(fixture.flake, 'flake.lock'), 'utf8')
    const refused = await service.update(fixture.flake, ['dep/flake-compat']).then(
      () => null,
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({
      code: 'bad-request',
      message: 'Input "dep/flake-compat" follows the root flake; it has no lock of its own.',
    })
    expect(readFileSync(join(fixture.flake, 'flake.lock'), 'utf8')).toBe(before)
  })

  test('pinning a shallow git input with submodules keeps both, as nix reads the url', async () => {
    const { fixture, service } = setup()
    const result = await service.pin(fixture.flake, 'shallowdep', {
      kind: 'branch',
      name: 'stable',
    })
    // nix reads only `1` as true: `shallow=true` would have turned both off.
    const url = `git+file://${fixture.repos.shallow}?ref=stable&shallow=1&submodules=1`
    expect(result.flakeNix).toMatchObject({ url, applies: true })
    const lock = parseLockfile(readFileSync(join(fixture.flake, 'flake.lock'), 'utf8'))
    const node = lock.nodes.get('shallowdep')!
    expect(node.original).toMatchObject({ ref: 'stable', shallow: true, submodules: true })
    expect(node.locked).toMatchObject({ rev: fixture.stableRev, shallow: true, submodules: true })
  })

  test.each([6, 5])('a version %i lock reads as nix reads it', async (version) => {
    const { fixture, service } = setup()
    // Before version 7 nix wrote no follows paths, so this flake keeps only the shallow input.
    writeFileSync(
      join(fixture.flake, 'flake.nix'),
      `{
  inputs.shallowdep.url = "git+file://${fixture.repos.shallow}?shallow=1&submodules=1";
  outputs = { self, shallowdep }: { };
}
`,
    )
    nixLock(fixture.flake)
    const lockPath = join(fixture.flake, 'flake.lock')
    const lock = readJson(lockPath)
    expect(Object.keys(lock.nodes).sort()).toEqual(['root', 'shallowdep'])
    // Version 5 kept narHash, lastModified and revCount in "info".
    for (const node of Object.values(lock.nodes)) {
      const locked = node.locked as Record<string, unknown> | undefined
      if (version === 5 && locked) {
        const { narHash, lastModified, revCount, ...rest } = locked
        node.locked = rest
        node.info = { narHash, lastModified, ...(revCount === undefined ? {} : { revCount }) }
      }
    }
    const text = JSON.stringify({ ...lock, version }, null, 2) + '\n'
    writeFileSync(lockPath, text)
    git(fixture.flake, 'commit', '-q', '-am', `version ${version} lock`)
    // nix reads it, finds it up to date and leaves it as it is (still this version).
    nixLock(fixture.flake)
    expect(readFileSync(lockPath, 'utf8')).toBe(text)
    const overview = await service.read(fixture.flake)
    expect(overview.tree.rows.map((r) => r.id)).toEqual(['shallowdep'])
    expect(overview.tree.rows[0]).toMatchObject({
      lockedRev: git(fixture.repos.shallow, 'rev-parse', 'main'),
      lastModified: expect.any(Number),
      follows: null,
    })
  })

  test('a lock of a version nix does not read says to lock afresh', async () => {
    const { fixture, service } = setup()
    const lockPath = join(fixture.flake, 'flake.lock')
    writeFileSync(lockPath, JSON.stringify({ ...readJson(lockPath), version: 4 }))
    const error = await service.read(fixture.flake).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      message: expect.stringMatching(/version 4.*version 5 to 7/),
      hint: expect.stringMatching(/^Move flake\.lock aside and run "nix flake lock"/),
    })
    // What the hint says is what nix needs: it refuses the lock before locking anything.
    const run = () =>
      execFileSync(
        'nix',
        ['--extra-experimental-features', 'nix-command flakes', 'flake', 'lock', fixture.flake],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      )
    expect(run).toThrow(/unsupported version 4/)
  })
})
