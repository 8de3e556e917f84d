// The Inputs service against real nix and real git: fixture repositories with dated commits,
// branches and tags, used as git+file:// inputs of a flake locked by nix.
import { execFileSync } from 'node:child_process'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { InputsService } from '../../../src/main/services/inputs/inputs-service'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { commitFiles, makeInputsFixture, type InputsFixture } from '../../fixtures/inputs-fixture'
import { appError } from '../../helpers/app-error'
import { nixLock, realInputsService } from '../../helpers/real-inputs'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
/** 2024-06-01: the fixture's commits are one to five months old. */
const now = Date.UTC(2024, 5, 1)

function setup(): { fixture: InputsFixture; service: InputsService; dataDir: string } {
  const fixture = makeInputsFixture(temp('flakedeck-inputs-'))
  const dataDir = temp('flakedeck-data-')
  return { fixture, service: realInputsService(dataDir, () => now), dataDir }
}

const lockText = (f: InputsFixture) => readFileSync(join(f.flake, 'flake.lock'), 'utf8')
const flakeNix = (f: InputsFixture) => readFileSync(join(f.flake, 'flake.nix'), 'utf8')
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()

/** The locked revision of every input, by name path. */
function lockedRevs(text: string): Record<string, string | null> {
  const lock = parseLockfile(text)
  const revs: Record<string, string | null> = {}
  const visit = (label: string, prefix: string) => {
    for (const [name, target] of Object.entries(lock.nodes.get(label)!.inputs)) {
      if (typeof target !== 'string') continue
      const rev = lock.nodes.get(target)!.locked?.rev
      revs[prefix + name] = typeof rev === 'string' ? rev : null
      visit(target, `${prefix}${name}/`)
    }
  }
  visit(lock.rootLabel, '')
  return revs
}

describe('read', () => {
  test('shows inputs by name with type, refs, dates, follows, duplicates and staleness', async () => {
    const { fixture, service } = setup()
    const overview = await service.read(fixture.flake, { staleAfterDays: 100 })
    const rows = Object.fromEntries(overview.tree.rows.map((row) => [row.id, row]))
    expect(Object.keys(rows)).toEqual([
      'data',
      'extra',
      'extra/nixpkgs',
      'home',
      'home/nixpkgs',
      'nixpkgs',
      'tools',
      'tools/nixpkgs',
    ])
    expect(rows.nixpkgs).toMatchObject({
      type: 'git',
      location: fixture.repos.pkgs,
      lockedRev: fixture.revs.p3,
      shortRev: fixture.revs.p3.slice(0, 7),
      lastModified: Date.parse('2024-03-01T12:00:00Z') / 1000,
      ageDays: 91,
      isStale: false,
      nodeLabel: 'nixpkgs_2', // nix's label differs from the name shown
    })
    expect(rows['home/nixpkgs']).toMatchObject({
      originalRef: 'refs/tags/v1',
      lockedRev: fixture.revs.p1,
      isStale: true,
      follows: null,
    })
    expect(rows['tools/nixpkgs']).toMatchObject({ follows: 'nixpkgs', lockedRev: fixture.revs.p3 })
    expect(rows['extra/nixpkgs']).toMatchObject({
      follows: 'home/nixpkgs',
      lockedRev: fixture.revs.p1,
    })
    expect(rows.data).toMatchObject({ isFlake: false, lockedRev: fixture.revs.d2 })
    expect(overview.tree.duplicates).toEqual([
      {
        id: fixture.repos.pkgs,
        revisions: [fixture.revs.p1, fixture.revs.p3],
        rowIds: ['home/nixpkgs', 'nixpkgs'],
      },
    ])
    expect(overview.declaredInputs).toEqual(['data', 'extra', 'home', 'nixpkgs', 'tools'])
    expect(overview).toMatchObject({
      hasLock: true,
      undeclared: [],
      unlocked: [],
      flakeNixDirty: false,
    })
    expect(overview.warnings).toEqual([])
  })

  test('warns when flake.nix has uncommitted edits', async () => {
    const { fixture, service } = setup()
    writeFileSync(join(fixture.flake, 'flake.nix'), flakeNix(fixture) + '# edited\n')
    const overview = await service.read(fixture.flake)
    expect(overview.flakeNixDirty).toBe(true)
    expect(overview.warnings.join('\n')).toMatch(/flake.nix has uncommitted changes/)
  })

  test('an input gone from flake.nix is listed, and updating it is refused', async () => {
    const { fixture, service } = setup()
    const text = flakeNix(fixture)
      .replace(/ {2}# Not a flake[\s\S]*?flake = false;\n {2}};\n/, '')
      .replace(', data }', ' }')
    writeFileSync(join(fixture.flake, 'flake.nix'), text)
    const overview = await service.read(fixture.flake)
    expect(overview.undeclared).toEqual(['data'])
    const before = lockText(fixture)
    const error = await appError(service.update(fixture.flake, ['data']))
    expect(error.code).toBe('not-found')
    expect(error.message).toBe('Input "data" is no longer in flake.nix.')
    expect(lockText(fixture)).toBe(before)
  })

  test('a broken flake.lock gives a clear error', async () => {
    const { fixture, service } = setup()
    const good = lockText(fixture)
    const path = join(fixture.flake, 'flake.lock')
    writeFileSync(path, good.slice(0, good.length / 2))
    expect((await appError(service.read(fixture.flake))).message).toMatch(/cut short/)
    // nix reads versions 5 to 7; an older lock it refuses, and so does Flakedeck.
    writeFileSync(path, good.replace('"version": 7', '"version": 4'))
    const old = await appError(service.read(fixture.flake))
    expect(old.message).toMatch(/version 4.*version 5 to 7/)
    expect(old.hint).toMatch(/Move flake\.lock aside/)
    writeFileSync(
      path,
      good.replace('"home",\n          "nixpkgs"', '"home",\n          "nixpkgs-unstable"'),
    )
    const dangling = await appError(service.read(fixture.flake))
    expect(dangling.code).toBe('bad-request')
    expect(dangling.message).toMatch(/follows "home\/nixpkgs-unstable"/)
    expect(dangling.hint).toBeTruthy()
  })
})

describe('update', () => {
  test('updating one input moves only it', async () => {
    const { fixture, service } = setup()
    const before = lockedRevs(lockText(fixture))
    const result = await service.update(fixture.flake, ['data'])
    const after = lockedRevs(lockText(fixture))
    expect(after).toEqual({ ...before, data: fixture.revs.d3 })
    expect(result.changes.map((c) => [c.id, c.old?.rev, c.new?.rev])).toEqual([
      ['data', fixture.revs.d2, fixture.revs.d3],
    ])
    expect(result.lockChanged).toBe(true)
    expect(result.commitMessage).toContain("• Updated input 'data':")
    expect(result.commitMessage).toContain('(2024-02-05)\n  → ')
    expect(result.commitMessage).toContain('(2024-04-05)')
  })

  test('updating nixpkgs keeps what follows it following, and a tag-pinned copy where it is', async () => {
    const { fixture, service } = setup()
    await service.update(fixture.flake, ['nixpkgs'])
    const overview = await service.read(fixture.flake)
    const rows = Object.fromEntries(overview.tree.rows.map((row) => [row.id, row]))
    expect(rows.nixpkgs!.lockedRev).toBe(fixture.revs.p5)
    expect(rows['tools/nixpkgs']).toMatchObject({ follows: 'nixpkgs', lockedRev: fixture.revs.p5 })
    expect(rows['home/nixpkgs']!.lockedRev).toBe(fixture.revs.p1)
    expect(rows.data!.lockedRev).toBe(fixture.revs.d2)
  })

  test('updating everything', async () => {
    const { fixture, service } = setup()
    const result = await service.update(fixture.flake, 'all')
    expect(result.changes.map((c) => c.id).sort()).toEqual(['data', 'nixpkgs'])
    expect(lockedRevs(lockText(fixture))).toMatchObject({
      nixpkgs: fixture.revs.p5,
      data: fixture.revs.d3,
      'home/nixpkgs': fixture.revs.p1,
    })
  })

  test('an unreachable input gives a clear error and leaves flake.lock byte-identical', async () => {
    const { fixture, service } = setup()
    const before = lockText(fixture)
    renameSync(fixture.repos.pkgs, `${fixture.repos.pkgs}-gone`)
    const error = await appError(service.update(fixture.flake, ['nixpkgs']))
    expect(error.code).toBe('command-failed')
    expect(error.message).toMatch(/^Could not reach input "nixpkgs" while updating: /)
    expect(error.hint).toMatch(/flake.lock was left unchanged/)
    expect(lockText(fixture)).toBe(before)
    const previewError = await appError(
      service.preview(fixture.flake, { kind: 'update', names: ['nixpkgs'] }),
    )
    expect(previewError.message).toMatch(/Could not reach input "nixpkgs"/)
    expect(lockText(fixture)).toBe(before)
    expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
  })

  test('names the lock does not have, or that follow another input, are refused', async () => {
    const { fixture, service } = setup()
    expect((await appError(service.update(fixture.flake, ['nope']))).message).toMatch(
      /no longer in flake.nix/,
    )
    const follows = await appError(service.update(fixture.flake, ['tools/nixpkgs']))
    expect(follows.message).toBe(
      'Input "tools/nixpkgs" follows "nixpkgs"; it has no lock of its own.',
    )
  })
})

describe('pin', () => {
  test('to a tag: the lock moves and flake.nix asks for the tag', async () => {
    const { fixture, service } = setup()
    const result = await service.pin(fixture.flake, 'nixpkgs', { kind: 'tag', name: 'v2' })
    // v2 is an annotated tag: the commit it names is recorded beside it.
    const url = `git+file://${fixture.repos.pkgs}?ref=refs/tags/v2&rev=${fixture.revs.p2}`
    expect(result.flakeNix).toEqual({ url, applies: true, reason: null })
    expect(flakeNix(fixture)).toContain(`inputs.nixpkgs.url = "${url}";`)
    const lock = parseLockfile(lockText(fixture))
    const node = lock.nodes.get(lock.nodes.get('root')!.inputs.nixpkgs as string)!
    expect(node.locked?.rev).toBe(fixture.revs.p2)
    expect(node.original).toMatchObject({ ref: 'refs/tags/v2' })
    expect(result.changes.map((c) => [c.id, c.new?.rev])).toEqual([['nixpkgs', fixture.revs.p2]])
    // The lock agrees with flake.nix: locking again changes nothing.
    const pinned = lockText(fixture)
    nixLock(fixture.flake)
    expect(lockText(fixture)).toBe(pinned)
  })

  test('to a commit on another branch', async () => {
    const { fixture, service } = setup()
    await service.pin(fixture.flake, 'nixpkgs', {
      kind: 'commit',
      rev: fixture.revs.s1,
      branch: 'stable',
    })
    expect(lockedRevs(lockText(fixture)).nixpkgs).toBe(fixture.revs.s1)
    expect(flakeNix(fixture)).toContain(`?ref=stable&rev=${fixture.revs.s1}";`)
  })

  test('without editing flake.nix: the lock is pinned by override, flake.nix untouched', async () => {
    const { fixture, service } = setup()
    const text = flakeNix(fixture)
    const result = await service.pin(
      fixture.flake,
      'data',
      { kind: 'commit', rev: fixture.revs.d1 },
      { editFlakeNix: false },
    )
    expect(result.flakeNix).toMatchObject({ applies: false })
    expect(flakeNix(fixture)).toBe(text)
    expect(lockedRevs(lockText(fixture)).data).toBe(fixture.revs.d1)
  })

  test('to a tag that does not exist: a clear error, nothing changed', async () => {
    const { fixture, service } = setup()
    const [lock, text] = [lockText(fixture), flakeNix(fixture)]
    const error = await appError(service.pin(fixture.flake, 'nixpkgs', { kind: 'tag', name: 'v9' }))
    expect(error.code).toBe('not-found')
    expect(error.message).toBe(`There is no tag "v9" in ${fixture.repos.pkgs}.`)
    const commit = await appError(
      service.pin(fixture.flake, 'nixpkgs', { kind: 'commit', rev: 'f'.repeat(40) }),
    )
    expect(commit.code).toBe('command-failed')
    expect(commit.message).toMatch(/while pinning/)
    expect([lockText(fixture), flakeNix(fixture)]).toEqual([lock, text])
  })
})

describe('versions and commit log', () => {
  test('branches, tags (peeled) and recent commits of the tracked branch', async () => {
    const { fixture, service, dataDir } = setup()
    const choices = await service.versions(fixture.flake, 'nixpkgs', { commitLimit: 3 })
    expect(choices).toMatchObject({
      input: 'nixpkgs',
      remote: fixture.repos.pkgs,
      trackedBranch: 'main',
      currentRef: null,
      lockedRev: fixture.revs.p3,
      branches: [
        { name: 'main', rev: fixture.revs.p5 },
        { name: 'stable', rev: fixture.revs.s1 },
      ],
      tags: [
        { name: 'v1', rev: fixture.revs.p1 },
        { name: 'v2', rev: fixture.revs.p2 },
      ],
    })
    expect(choices.recentCommits.map((c) => [c.rev, c.subject])).toEqual([
      [fixture.revs.p5, 'pkgs: fix world'],
      [fixture.revs.p4, 'pkgs: add world'],
      [fixture.revs.p3, 'pkgs: bump hello'],
    ])
    expect(choices.recentCommits[0]!.date).toBe(Date.parse('2024-05-01T12:00:00Z') / 1000)
    // The bare clone lives in the data directory.
    expect(
      git(service.cache.pathFor(fixture.repos.pkgs), 'rev-parse', '--is-bare-repository'),
    ).toBe('true')
    expect(service.cache.pathFor(fixture.repos.pkgs).startsWith(join(dataDir, 'git-cache'))).toBe(
      true,
    )
    const home = await service.versions(fixture.flake, 'home/nixpkgs')
    expect(home.currentRef).toBe('refs/tags/v1')
  })

  test('the commit log between two revisions, both ways, capped, and fetched incrementally', async () => {
    const { fixture, service } = setup()
    const { p1, p5 } = fixture.revs
    const forward = await service.commitLog(fixture.flake, 'nixpkgs', p1, p5, 3)
    expect(forward).toMatchObject({ direction: 'forward', count: 4, more: 1 })
    expect(forward.commits.map((c) => c.subject)).toEqual([
      'pkgs: fix world',
      'pkgs: add world',
      'pkgs: bump hello',
    ])
    const backward = await service.commitLog(fixture.flake, 'nixpkgs', p5, p1)
    expect(backward).toMatchObject({ direction: 'backward', count: 4, more: 0 })
    const diverged = await service.commitLog(
      fixture.flake,
      'nixpkgs',
      fixture.revs.p3,
      fixture.revs.s1,
    )
    expect(diverged).toMatchObject({ direction: 'diverged', count: 1 })
    // A commit made upstream after the clone is fetched into it when asked for.
    const p6 = commitFiles(
      fixture.repos.pkgs,
      { 'new.txt': 'x\n' },
      'pkgs: later still',
      '2024-05-20T12:00:00Z',
    )
    const later = await service.commitLog(fixture.flake, 'nixpkgs', p5, p6)
    expect(later.commits.map((c) => c.subject)).toEqual(['pkgs: later still'])
  })
})

describe('preview and apply', () => {
  test('preview shows revisions, dates, log and lock diff without touching the repo; apply writes it', async () => {
    const { fixture, service } = setup()
    const before = lockText(fixture)
    const preview = await service.preview(fixture.flake, { kind: 'update', names: ['nixpkgs'] })
    expect(lockText(fixture)).toBe(before)
    expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
    expect(preview.changes).toHaveLength(1)
    const change = preview.changes[0]!
    expect(change).toMatchObject({
      id: 'nixpkgs',
      kind: 'updated',
      old: { rev: fixture.revs.p3, lastModified: Date.parse('2024-03-01T12:00:00Z') / 1000 },
      new: { rev: fixture.revs.p5, lastModified: Date.parse('2024-05-01T12:00:00Z') / 1000 },
      log: { direction: 'forward', count: 2, more: 0 },
      logError: null,
    })
    expect(change.log!.commits.map((c) => c.subject)).toEqual([
      'pkgs: fix world',
      'pkgs: add world',
    ])
    expect(preview.lockDiff).toContain(`-        "rev": "${fixture.revs.p3}",`)
    expect(preview.lockDiff).toContain(`+        "rev": "${fixture.revs.p5}",`)
    expect(preview.commitMessage).toMatch(
      /^flake\.lock: Update\n\nFlake lock file updates:\n\n• Updated input 'nixpkgs':/,
    )

    const applied = await service.apply(fixture.flake, preview.id)
    expect(applied.changes.map((c) => c.id)).toEqual(['nixpkgs'])
    expect(lockedRevs(lockText(fixture)).nixpkgs).toBe(fixture.revs.p5)
    // What was written is byte for byte what nix writes when it updates the input itself.
    const written = lockText(fixture)
    nixLock(fixture.flake)
    expect(lockText(fixture)).toBe(written)
    await service.undo(fixture.flake)
    await service.update(fixture.flake, ['nixpkgs'])
    expect(lockText(fixture)).toBe(written)

    const commit = await service.commitLock(fixture.flake, applied.commitMessage)
    expect(git(fixture.flake, 'rev-parse', 'HEAD')).toBe(commit)
    expect(git(fixture.flake, 'log', '-1', '--format=%B')).toBe(applied.commitMessage.trim())
    expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
  })

  test('a pin preview carries the flake.nix edit, and apply writes both', async () => {
    const { fixture, service } = setup()
    const before = flakeNix(fixture)
    const preview = await service.preview(fixture.flake, {
      kind: 'pin',
      name: 'nixpkgs',
      target: { kind: 'tag', name: 'v1' },
    })
    expect(flakeNix(fixture)).toBe(before)
    expect(preview.flakeNix).toEqual({
      url: `git+file://${fixture.repos.pkgs}?ref=refs/tags/v1&rev=${fixture.revs.p1}`,
      applies: true,
      reason: null,
    })
    expect(preview.changes[0]!.log).toMatchObject({ direction: 'backward', count: 2 })
    await service.apply(fixture.flake, preview.id)
    expect(flakeNix(fixture)).toContain(`?ref=refs/tags/v1&rev=${fixture.revs.p1}";`)
    expect(lockedRevs(lockText(fixture)).nixpkgs).toBe(fixture.revs.p1)
    const commit = await service.commitLock(fixture.flake, 'Pin nixpkgs to v1', {
      includeFlakeNix: true,
    })
    expect(commit).toMatch(/^[0-9a-f]{40}$/)
    expect(git(fixture.flake, 'status', '--porcelain')).toBe('')
  })

  test('apply refuses when flake.lock changed since the preview', async () => {
    const { fixture, service } = setup()
    const preview = await service.preview(fixture.flake, { kind: 'update', names: ['nixpkgs'] })
    await service.update(fixture.flake, ['data'])
    const changed = lockText(fixture)
    const error = await appError(service.apply(fixture.flake, preview.id))
    expect(error.code).toBe('conflict')
    expect(lockText(fixture)).toBe(changed)
    expect((await appError(service.apply(fixture.flake, 'no-such-preview'))).code).toBe('not-found')
  })

  test('a preview of nothing new says so', async () => {
    const { fixture, service } = setup()
    const preview = await service.preview(fixture.flake, { kind: 'update', names: ['tools'] })
    expect(preview.changes).toEqual([])
    expect(preview.lockDiff).toBe('')
    expect(preview.warnings.join('\n')).toMatch(/Nothing would change/)
  })
})

describe('undo and commit', () => {
  test('undo restores flake.lock from the last commit, even a truncated one', async () => {
    const { fixture, service } = setup()
    const committed = lockText(fixture)
    await service.update(fixture.flake, 'all')
    expect(lockText(fixture)).not.toBe(committed)
    const undone = await service.undo(fixture.flake)
    expect(lockText(fixture)).toBe(committed)
    expect(undone.changes.map((c) => c.id).sort()).toEqual(['data', 'nixpkgs'])
    writeFileSync(join(fixture.flake, 'flake.lock'), committed.slice(0, 200))
    await service.undo(fixture.flake)
    expect(lockText(fixture)).toBe(committed)
  })

  test('committing an unchanged lock is refused', async () => {
    const { fixture, service } = setup()
    const error = await appError(service.commitLock(fixture.flake, 'flake.lock: Update'))
    expect(error.message).toMatch(/nothing to commit/)
  })
})
