// What each toplevel records about itself is read from the file system once and kept in SQLite
// by store path (whose contents never change): a second listing, by the command or by the app's
// service, answers from the table without opening the toplevel's files again, and a row written
// by another version of the reader is read again rather than trusted.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../../src/main/cli/io'
import { runCli } from '../../../src/main/cli/run-cli'
import { GenerationsService } from '../../../src/main/services/generations/generations-service'
import {
  ToplevelStore,
  toplevelFormat,
} from '../../../src/main/services/generations/toplevel-store'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { openDatabase } from '../../../src/main/store/database'
import type { GenerationTimeline } from '../../../src/shared/generations/types'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

/** A profile of two generations whose toplevels are folders with a label and a kernel. */
function makeProfile(): { profile: string; toplevels: string[] } {
  const root = tempDir('flakedeck-toplevels-')
  const toplevels = [1, 2].map((n) => {
    const top = join(root, `top-${n}`)
    mkdirSync(join(top, 'kernel-modules', 'lib', 'modules', `6.6.${n}`), { recursive: true })
    writeFileSync(join(top, 'nixos-version'), `24.05.${n}\n`)
    symlinkSync(top, join(root, `system-${n}-link`))
    return top
  })
  symlinkSync('system-2-link', join(root, 'system'))
  return { profile: join(root, 'system'), toplevels }
}

async function listByCommand(profile: string, dataDir: string): Promise<GenerationTimeline> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    env: { ...process.env, FLAKEDECK_DATA_DIR: dataDir },
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    waitForStop: () => Promise.resolve(),
  }
  const code = await runCli(['generations', '--json', '--profile', profile], io)
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(stdout) as GenerationTimeline
}

const labels = (timeline: GenerationTimeline) =>
  timeline.generations.map((g) => [g.number, g.nixosVersion, g.kernelVersion])

describe('toplevel facts cached by store path', () => {
  it('a second `flakedeck generations` answers from SQLite, not from the toplevels', async () => {
    const { profile, toplevels } = makeProfile()
    const dataDir = tempDir('flakedeck-toplevels-data-')
    const first = await listByCommand(profile, dataDir)
    expect(labels(first)).toEqual([
      [2, '24.05.2', '6.6.2'],
      [1, '24.05.1', '6.6.1'],
    ])
    // A store path never changes; changing these files shows which source answered.
    for (const top of toplevels) writeFileSync(join(top, 'nixos-version'), 'changed\n')
    const second = await listByCommand(profile, dataDir)
    expect(labels(second)).toEqual(labels(first))

    const db = openDatabase(dataDir)
    try {
      const rows = db
        .prepare('SELECT store_path, format FROM generation_toplevels ORDER BY store_path')
        .all()
      expect(rows).toEqual(toplevels.map((top) => ({ store_path: top, format: toplevelFormat })))
    } finally {
      db.close()
    }
  })

  it("the app's service shares the table with the command", async () => {
    const { profile, toplevels } = makeProfile()
    const dataDir = tempDir('flakedeck-toplevels-data-')
    await listByCommand(profile, dataDir)
    for (const top of toplevels) writeFileSync(join(top, 'nixos-version'), 'changed\n')
    const db = openDatabase(dataDir)
    try {
      const runner = createProcessRunner()
      const service = new GenerationsService(runner, new NixService(runner), db, {
        bootedSystemPath: join(tempDir(), 'none'),
      })
      const timeline = await service.list(profile)
      expect(timeline.generations.map((g) => g.nixosVersion)).toEqual(['24.05.2', '24.05.1'])
    } finally {
      db.close()
    }
  })

  it('a row of another reader version is read again, and rewritten', async () => {
    const { profile, toplevels } = makeProfile()
    const dataDir = tempDir('flakedeck-toplevels-data-')
    await listByCommand(profile, dataDir)
    const db = openDatabase(dataDir)
    db.prepare('UPDATE generation_toplevels SET format = format + 1').run()
    db.close()
    writeFileSync(join(toplevels[1]!, 'nixos-version'), '24.11.9\n')
    const timeline = await listByCommand(profile, dataDir)
    expect(timeline.generations[0]!.nixosVersion).toBe('24.11.9')
    expect(readdirSync(dataDir)).toContain('flakedeck.sqlite')
  })

  it('keeps what it reads in memory and writes it in one go on flush', () => {
    const db = openDatabase(tempDir('flakedeck-toplevels-data-'))
    try {
      const store = new ToplevelStore(db)
      const info = {
        nixosVersion: '24.05.1',
        kernelVersion: '6.6.1',
        configurationRevision: null,
        swPath: null,
        homeManagerVersion: null,
        homePackages: null,
      }
      expect(store.get('/nix/store/x')).toBeUndefined()
      store.set('/nix/store/x', info)
      expect(store.get('/nix/store/x')).toEqual(info)
      const count = () =>
        db.prepare('SELECT count(*) AS n FROM generation_toplevels').pluck().get() as number
      expect(count()).toBe(0)
      store.flush()
      expect(count()).toBe(1)
      expect(new ToplevelStore(db).get('/nix/store/x')).toEqual(info)
    } finally {
      db.close()
    }
  })
})
