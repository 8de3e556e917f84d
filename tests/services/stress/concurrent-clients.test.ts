// Two windows of one browser-mode server, a second Flakedeck (its own core on the same data
// folder) and the CLI, all at once on one repo, for a bounded number of rounds: updates,
// previews and applies, a pin, saves of flake.nix, commits. nix's lock commands are slowed so
// the calls overlap. Afterwards every acknowledged write is on disk or in git, and flake.lock is
// valid JSON that nix accepts as matching flake.nix. Which calls win a race is up to timing;
// what is checked holds whatever the order: a refusal must be a conflict, never a lost write.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { CliIo } from '../../../src/main/cli/io'
import { runCli } from '../../../src/main/cli/run-cli'
import { createCore, type Core } from '../../../src/main/core/core'
import { startWebServer, type RunningWebServer } from '../../../src/main/server/web-server'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { coreCaller, CoreCallError } from '../../e2e/serve-fixture'
import { makeInputsFixture, type InputsFixture } from '../../fixtures/inputs-fixture'
import { useTempDirs } from '../../helpers/temp-dir'
import { slowNix } from '../inputs/slow-nix'

const rounds = 3
const temp = useTempDirs()
const running: { core: Core; server: RunningWebServer }[] = []
afterEach(async () => {
  for (const { core, server } of running.splice(0)) {
    await server.close()
    await core.close()
  }
})

type Call = (method: string, input: unknown) => Promise<unknown>

/** What the servers logged as unexpected errors: there must be none. */
const unexpected: string[] = []

async function serve(dataDir: string, path: string): Promise<Call> {
  const rendererDir = temp('flakedeck-renderer-')
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  const core = createCore({
    dataDir,
    shell: 'browser',
    appVersion: 'test',
    env: { ...process.env, PATH: path },
  })
  const server = await startWebServer({
    core,
    rendererDir,
    port: 0,
    log: (line) => void unexpected.push(line),
  })
  running.push({ core, server })
  return coreCaller(server.url)
}

/** What the clients were told succeeded, to be found on disk or in git afterwards. */
interface Acknowledged {
  /** Lines saved into flake.nix (each save adds one and keeps what it read). */
  flakeNixLines: string[]
  commits: { commit: string; path: string; content: string; message: string }[]
  lockCommits: string[]
  pinned: boolean
  updatedData: boolean
}

/** Runs `call`; a conflict (someone else's write came first) is a refusal, returned as null. */
async function unlessConflict<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call
  } catch (error) {
    if (error instanceof CoreCallError && error.code === 'conflict') return null
    throw error
  }
}

/** Adds `line` at the top of flake.nix as the editor saves: from the version it read. */
async function saveLine(call: Call, repo: string, line: string, acked: Acknowledged) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const opened = (await call('files.read', { repo, path: 'flake.nix' })) as {
      content: string
      version: string
    }
    const saved = await unlessConflict(
      call('files.write', {
        repo,
        path: 'flake.nix',
        content: `${line}\n${opened.content}`,
        baseVersion: opened.version,
      }),
    )
    if (saved) {
      acked.flakeNixLines.push(line)
      return
    }
  }
}

type LockChange = { changes: { id: string }[] }
const touchesData = (result: LockChange | null) =>
  result?.changes.some((change) => change.id === 'data') ?? false

/** Window 1: previews and applies, updates, one pin, commits of flake.lock. */
async function windowOne(call: Call, repo: string, round: number, acked: Acknowledged) {
  const preview = (await call('inputs.preview', {
    repo,
    spec: { kind: 'update-all' },
  })) as { id: string }
  const applied = await unlessConflict(
    call('inputs.apply', { repo, previewId: preview.id }) as Promise<LockChange>,
  )
  if (touchesData(applied)) acked.updatedData = true
  if (round === 1) {
    const pinned = await unlessConflict(
      call('inputs.pin', { repo, name: 'nixpkgs', target: { kind: 'tag', name: 'v2' } }),
    )
    if (pinned) acked.pinned = true
  }
  const updated = await unlessConflict(
    call('inputs.update', { repo, names: ['data'] }) as Promise<LockChange>,
  )
  if (updated) acked.updatedData = true
  try {
    const { commit } = (await call('inputs.commitLock', {
      repo,
      message: `flake.lock: round ${round}`,
      includeFlakeNix: true,
    })) as { commit: string }
    acked.lockCommits.push(commit)
  } catch (error) {
    // Another round's commit may already hold this lock: nothing to commit is fine.
    if (!(error instanceof CoreCallError && /nothing to commit/.test(error.message))) throw error
  }
}

/** Window 2: saves flake.nix, writes a new file and commits it. */
async function windowTwo(call: Call, repo: string, round: number, acked: Acknowledged) {
  await saveLine(call, repo, `# window 2, round ${round}`, acked)
  const path = `notes/round-${round}.txt`
  const content = `written in round ${round}\n`
  await call('files.write', { repo, path, content, baseVersion: null })
  const message = `notes: round ${round}`
  const { commit } = (await call('git.commit', { repo, paths: [path], message })) as {
    commit: string
  }
  acked.commits.push({ commit, path, content, message })
}

/** A second Flakedeck on the same data folder: updates everything and saves flake.nix. */
async function secondApp(call: Call, repo: string, round: number, acked: Acknowledged) {
  const updated = await unlessConflict(
    call('inputs.update', { repo, names: 'all' }) as Promise<LockChange>,
  )
  if (touchesData(updated)) acked.updatedData = true
  await saveLine(call, repo, `# second app, round ${round}`, acked)
}

async function cliInputs(dataDir: string, path: string, repo: string): Promise<void> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    env: { ...process.env, FLAKEDECK_DATA_DIR: dataDir, PATH: path },
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    waitForStop: () => Promise.resolve(),
  }
  const code = await runCli(['inputs', '--flake', repo, '--json'], io)
  expect(stderr).toBe('')
  expect(code).toBe(0)
  const report = JSON.parse(stdout) as { inputs: { id: string }[] }
  expect(report.inputs.map((row) => row.id)).toContain('nixpkgs')
}

function lockedRev(fixture: InputsFixture, input: string): unknown {
  const lock = parseLockfile(readFileSync(join(fixture.flake, 'flake.lock'), 'utf8'))
  const label = lock.nodes.get(lock.rootLabel)!.inputs[input] as string
  return lock.nodes.get(label)!.locked?.rev
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

describe('stress: two windows, a second app and the CLI on one repo', () => {
  test(`${rounds} rounds of updates, previews, a pin, saves and commits lose nothing`, async () => {
    const fixture = makeInputsFixture(temp('flakedeck-stress-'))
    const repo = fixture.flake
    const dataDir = temp('flakedeck-stress-data-')
    // Slowed lock commands widen the windows in which the calls overlap; nothing checked below
    // depends on how long they take.
    const nix = slowNix(temp('flakedeck-stress-nix-'), { delaySeconds: 1 })
    const server = await serve(dataDir, nix.path)
    const windows = [server, server]
    const second = await serve(dataDir, nix.path)
    for (const call of [server, second]) await call('repo.open', { path: repo })

    const acked: Acknowledged = {
      flakeNixLines: [],
      commits: [],
      lockCommits: [],
      pinned: false,
      updatedData: false,
    }
    for (let round = 0; round < rounds; round++) {
      await Promise.all([
        windowOne(windows[0]!, repo, round, acked),
        windowTwo(windows[1]!, repo, round, acked),
        secondApp(second, repo, round, acked),
        cliInputs(dataDir, nix.path, repo),
      ])
    }
    // Once nothing runs beside it, an update goes through.
    await server('inputs.update', { repo, names: ['data'] })
    acked.updatedData = true

    const flakeNix = readFileSync(join(repo, 'flake.nix'), 'utf8')
    for (const line of acked.flakeNixLines) expect(flakeNix).toContain(`${line}\n`)
    if (acked.pinned) {
      expect(flakeNix).toContain(`?ref=refs/tags/v2&rev=${fixture.revs.p2}"`)
      expect(lockedRev(fixture, 'nixpkgs')).toBe(fixture.revs.p2)
    }
    expect(lockedRev(fixture, 'data')).toBe(fixture.revs.d3)

    const history = git(repo, 'rev-list', 'HEAD').split('\n')
    for (const { commit, path, content, message } of acked.commits) {
      expect(history).toContain(commit)
      expect(git(repo, 'show', `${commit}:${path}`)).toBe(content)
      expect(git(repo, 'log', '-1', '--format=%s', commit).trim()).toBe(message)
    }
    for (const commit of acked.lockCommits) expect(history).toContain(commit)
    expect(acked.commits).toHaveLength(rounds)

    // flake.lock is valid JSON, and nix takes it as it is for this flake.nix.
    const lockText = readFileSync(join(repo, 'flake.lock'), 'utf8')
    expect(() => JSON.parse(lockText) as unknown).not.toThrow()
    execFileSync(
      'nix',
      [
        '--extra-experimental-features',
        'nix-command flakes',
        'flake',
        'metadata',
        '--json',
        '--no-update-lock-file',
        repo,
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(readFileSync(join(repo, 'flake.lock'), 'utf8')).toBe(lockText)
    expect(unexpected).toEqual([])
  }, 600_000)
})
