// A rebuild recorded as running belongs to a process (pid, boot and start time). Only the app's
// start-up marks such a run interrupted, and only when that process is gone: a CLI command or a
// second core on the same database (a second `flakedeck serve`) leaves it running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/run-cli'
import { appVersion } from '../../../src/main/core/app-version'
import { createCore } from '../../../src/main/core/core'
import { ownerAlive, runOwner, type RunOwner } from '../../../src/main/services/rebuild/run-owner'
import { RunStore } from '../../../src/main/services/rebuild/run-store'
import { openDatabase } from '../../../src/main/store/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A process that stays alive until the test ends it: the owner of a running rebuild. */
function liveProcess(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' })
  children.push(child)
  if (child.pid === undefined) throw new Error('sleep did not start')
  return child as ChildProcess & { pid: number }
}

/** A pid whose process has ended. */
function endedPid(): number {
  return spawnSync('/bin/true').pid!
}

function insertRunning(dataDir: string, owner: RunOwner, host: string): number {
  const db = openDatabase(dataDir)
  try {
    return new RunStore(db).insert({
      repo: '/somewhere/flake',
      host,
      action: 'switch',
      mode: 'profile',
      commands: [['nix', 'build']],
      startedAt: 1000,
      gitCommit: null,
      gitDirty: null,
      flakeLockSha256: null,
      owner,
    })
  } finally {
    db.close()
  }
}

function statusOf(dataDir: string, id: number): string | undefined {
  const db = openDatabase(dataDir)
  try {
    return new RunStore(db).get(id)?.status
  } finally {
    db.close()
  }
}

async function coreStart(dataDir: string, app: boolean): Promise<void> {
  const core = createCore({
    dataDir,
    shell: 'browser',
    appVersion,
    ...(app ? { recoverInterruptedRuns: true } : {}),
  })
  await core.close()
}

describe('run owners', () => {
  it('tells a live process from an ended one and from a reused pid', () => {
    const child = liveProcess()
    const owner = runOwner(child.pid)
    expect(owner.start).toMatch(/^[0-9a-f-]+:\d+$/)
    expect(ownerAlive(owner)).toBe(true)
    expect(ownerAlive(runOwner(process.pid))).toBe(true)
    expect(ownerAlive({ pid: endedPid(), start: null })).toBe(false)
    // The same pid, started at another time (or boot): another process took the number.
    expect(ownerAlive({ pid: child.pid, start: `${owner.start}0` })).toBe(false)
  })
})

describe('interrupted runs', () => {
  it('a CLI command and a second core start leave a running rebuild alone', async () => {
    const dataDir = tempDir()
    const owner = liveProcess()
    const live = insertRunning(dataDir, runOwner(owner.pid), 'live')
    const gone = insertRunning(dataDir, runOwner(endedPid()), 'gone')

    const flake = tempDir()
    writeFileSync(join(flake, 'flake.nix'), '{ outputs = { self }: { }; }\n')
    let stderr = ''
    await runCli(['inputs', '--flake', flake, '--json'], {
      env: { ...process.env, FLAKEDECK_DATA_DIR: dataDir },
      out: () => undefined,
      err: (t) => void (stderr += t),
      waitForStop: () => Promise.resolve(),
    })
    // Not even a run whose process is gone: that is for the app's start-up.
    expect(statusOf(dataDir, live), stderr).toBe('running')
    expect(statusOf(dataDir, gone)).toBe('running')

    await coreStart(dataDir, false)
    expect(statusOf(dataDir, live)).toBe('running')
    expect(statusOf(dataDir, gone)).toBe('running')
  })

  it("the app's start marks only the runs whose process is gone", async () => {
    const dataDir = tempDir()
    const owner = liveProcess()
    const live = insertRunning(dataDir, runOwner(owner.pid), 'live')
    const gone = insertRunning(dataDir, runOwner(endedPid()), 'gone')
    const reused = insertRunning(dataDir, { pid: owner.pid, start: 'another-boot:1' }, 'reused')
    const legacy = insertRunning(dataDir, runOwner(owner.pid), 'legacy')
    const db = openDatabase(dataDir)
    // A row from a version that recorded no owner.
    db.prepare('UPDATE rebuild_runs SET owner_pid = NULL, owner_start = NULL WHERE id = ?').run(
      legacy,
    )
    db.close()

    await coreStart(dataDir, true)
    expect(statusOf(dataDir, live)).toBe('running')
    expect(statusOf(dataDir, gone)).toBe('interrupted')
    expect(statusOf(dataDir, reused)).toBe('interrupted')
    expect(statusOf(dataDir, legacy)).toBe('interrupted')

    owner.kill('SIGKILL')
    await once(owner, 'exit')
    await coreStart(dataDir, true)
    expect(statusOf(dataDir, live)).toBe('interrupted')
  })
})
