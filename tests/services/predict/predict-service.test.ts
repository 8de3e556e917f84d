// The prediction service with real nix and git: nothing in the repo is touched, results are
// cached by the pair of derivations, a proposed lock and the working tree are predicted like
// overrides, evaluation errors come back at their file and line, and a prediction can be
// cancelled.
import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PredictProgress } from '../../../src/shared/predict/types'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { PredictService } from '../../../src/main/services/predict/predict-service'
import { openDatabase } from '../../../src/main/store/database'
import { countingRunner } from '../../helpers/counting-runner'
import { git } from '../../helpers/git-repo'
import {
  hostNix,
  makePredictFixture,
  predictHost,
  type PredictFixture,
} from '../../fixtures/predict-fixture'

let dir: string
let db: Database.Database
let fixture: PredictFixture
const calls: string[][] = []

function makeService(): PredictService {
  const { runner } = countingRunner(calls)
  return new PredictService(runner, new NixService(runner), new GitService(runner), db)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flakedeck-predict-'))
  fixture = makePredictFixture(dir)
  db = openDatabase(join(dir, 'data'))
})

afterAll(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The repo's files and git state, to check nothing changed. */
function repoState(repo: string) {
  return {
    lock: readFileSync(join(repo, 'flake.lock'), 'utf8'),
    flakeNix: readFileSync(join(repo, 'flake.nix'), 'utf8'),
    status: git(repo, 'status', '--porcelain'),
    head: git(repo, 'rev-parse', 'HEAD'),
    // Branches, tags and the stash: nix fetching the last commit leaves git's refs alone.
    refs: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)'),
    files: git(repo, 'ls-files', '--others', '--ignored', '--exclude-standard', '--directory'),
  }
}

const bump = () => ({
  kind: 'overrides' as const,
  overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs['version bump']) }],
})

describe('PredictService', () => {
  it('predicts an update without writing anything, with progress, then answers from what it remembers', async () => {
    const service = makeService()
    const before = repoState(fixture.repo)
    const progress: PredictProgress[] = []
    const first = await service.predict(fixture.repo, predictHost, bump(), {
      onProgress: (p) => progress.push(p),
    })
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.prediction.cached).toBe(false)
    expect(first.prediction.system.changes.map((c) => [c.name, c.kind, c.reboot])).toEqual([
      ['linux', 'upgraded', true],
      ['hello', 'upgraded', false],
      ['nixos-system-demo', 'changed', false],
      ['system-path', 'changed', false],
    ])
    expect(first.prediction.system.changes.find((c) => c.name === 'hello')?.selected).toBe(true)
    // Both toplevels are new: everything of the new system but the unchanged packages builds.
    expect(first.prediction.realise.toBuild).toBeGreaterThan(3)
    expect(new Set(progress.map((p) => p.phase))).toEqual(
      new Set([
        'evaluating-before',
        'evaluating-after',
        'reading-derivations',
        'reading-store',
        'dry-run',
        'comparing',
      ]),
    )
    expect(repoState(fixture.repo)).toEqual(before)

    calls.splice(0)
    const second = await service.predict(fixture.repo, predictHost, bump())
    expect(second.ok && second.prediction.cached).toBe(true)
    expect(second.ok && second.prediction.system).toEqual(first.prediction.system)
    // Nothing the evaluations read has changed (git's files, the locked override): no nix at all.
    const nixSteps = () =>
      calls
        .map((argv) =>
          argv.find((a) => /^(eval|derivation|show-derivation|--realise|path-info)$/.test(a)),
        )
        .filter((step) => step !== undefined)
    expect(nixSteps()).toEqual([])

    // A tracked file touched (its content could differ): both sides are evaluated again, and the
    // same derivations answer from the stored prediction.
    calls.splice(0)
    const hostFile = join(fixture.repo, 'host.nix')
    writeFileSync(hostFile, readFileSync(hostFile, 'utf8'))
    const third = await service.predict(fixture.repo, predictHost, bump())
    expect(third.ok && third.prediction.cached).toBe(true)
    expect(nixSteps()).toEqual(['eval', 'eval'])

    // A new commit (the files as they were) is another source for nix: evaluated again.
    calls.splice(0)
    git(fixture.repo, 'commit', '-q', '--allow-empty', '-m', 'nothing')
    await service.predict(fixture.repo, predictHost, bump())
    expect(nixSteps()).toEqual(['eval', 'eval'])
    calls.splice(0)
    await service.predict(fixture.repo, predictHost, bump())
    expect(nixSteps()).toEqual([])

    // A new service on the same database (the app restarted) answers from it too.
    const reopened = await makeService().predict(fixture.repo, predictHost, bump())
    expect(reopened.ok && reopened.prediction.cached).toBe(true)
  })

  it('predicts a proposed flake.lock as the overrides it amounts to', async () => {
    // The lock an Inputs preview makes: nix locks a clone, the repo is left alone.
    const clone = join(dir, 'clone')
    execFileSync('git', ['clone', '-q', fixture.repo, clone])
    execFileSync(
      'nix',
      [
        'flake',
        'lock',
        '--override-input',
        'pkgs',
        fixture.urlOf(fixture.revs['dependency change']),
      ],
      { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const lock = readFileSync(join(clone, 'flake.lock'), 'utf8')
    const service = makeService()
    const byLock = await service.predict(fixture.repo, predictHost, { kind: 'lock', lock })
    const byOverride = await service.predict(fixture.repo, predictHost, {
      kind: 'overrides',
      overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs['dependency change']) }],
    })
    expect(byLock.ok && byOverride.ok).toBe(true)
    if (!byLock.ok || !byOverride.ok) return
    expect(byLock.prediction.afterDrv).toBe(byOverride.prediction.afterDrv)
    expect(byLock.prediction.system.changes.map((c) => c.name)).toContain('libfoo')

    const unchanged = readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')
    await expect(
      service.predict(fixture.repo, predictHost, { kind: 'lock', lock: unchanged }),
    ).resolves.toMatchObject({ ok: true, prediction: { system: { changes: [] } } })
  })

  it('compares the working tree with the last commit, and places an evaluation error', async () => {
    const repo = fixture.repo
    const service = makeService()
    writeFileSync(join(repo, 'host.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
    try {
      const before = repoState(repo)
      const edited = await service.predict(repo, predictHost, { kind: 'working-tree' })
      expect(edited.ok).toBe(true)
      if (!edited.ok) return
      const cc = edited.prediction.system.changes.find((c) => c.name === 'cc')
      expect(cc).toMatchObject({ kind: 'added', selected: true, newVersions: ['13.2'] })
      expect(repoState(repo)).toEqual(before)

      const broken = hostNix().replace(
        'paths = pkgs.chosen;',
        'paths = pkgs.chosen ++ missingThing;',
      )
      writeFileSync(join(repo, 'host.nix'), broken)
      const failed = await service.predict(repo, predictHost, { kind: 'working-tree' })
      expect(failed.ok).toBe(false)
      if (failed.ok) return
      expect(failed.error.side).toBe('after')
      expect(failed.error.message).toContain('missingThing')
      const line = broken.split('\n').findIndex((l) => l.includes('missingThing')) + 1
      expect(failed.error.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', file: 'host.nix', inRepo: true, line }),
      )
    } finally {
      git(repo, 'checkout', '--', 'host.nix')
    }
  })

  it('places an error of the last commit (the side as it is) at its file and line too', async () => {
    const repo = fixture.repo
    const service = makeService()
    const broken = hostNix().replace('paths = pkgs.chosen;', 'paths = pkgs.chosen ++ oldMistake;')
    writeFileSync(join(repo, 'host.nix'), broken)
    git(repo, 'commit', '-q', '-am', 'a mistake')
    try {
      // The working tree fixes it: the committed side is the one that fails.
      writeFileSync(join(repo, 'host.nix'), hostNix())
      const failed = await service.predict(repo, predictHost, { kind: 'working-tree' })
      expect(failed.ok).toBe(false)
      if (failed.ok) return
      expect(failed.error.side).toBe('before')
      expect(failed.error.message).toContain('oldMistake')
      const line = broken.split('\n').findIndex((l) => l.includes('oldMistake')) + 1
      expect(failed.error.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', file: 'host.nix', inRepo: true, line }),
      )
    } finally {
      writeFileSync(join(repo, 'host.nix'), hostNix())
      git(repo, 'commit', '-q', '-am', 'fixed')
    }
  })

  it('stops when cancelled, and says fetching is unknown offline', async () => {
    const service = makeService()
    const controller = new AbortController()
    const cancelled = service.predict(
      fixture.repo,
      predictHost,
      {
        kind: 'overrides',
        overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs.rename) }],
      },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'evaluating-after') controller.abort()
        },
      },
    )
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })

    const offline = await service.predict(
      fixture.repo,
      predictHost,
      {
        kind: 'overrides',
        overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs.rename) }],
      },
      { offline: true },
    )
    expect(offline.ok && offline.prediction.realise).toMatchObject({
      toFetch: null,
      fetchUnknownReason: expect.stringContaining('offline'),
    })
  })
})
