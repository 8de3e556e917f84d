// The report: `flakedeck inputs` marked a rebuild that a running `flakedeck serve` was doing as
// interrupted, in the database they share. Real processes here: a server mid-rebuild, the CLI and
// a second server on its data folder leave the run running; after the server is killed, the next
// server's start marks it interrupted.
import { expect, test } from './nix-test'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { AttachedRun, RebuildRun } from '../../src/shared/rebuild/types'
import { makeGatedFlake } from '../fixtures/gated-build'
import { testNixConfig } from '../helpers/nix-env'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

const cli = resolve(import.meta.dirname, '../../bin/flakedeck.js')
let work: string
const servers: ServedApp[] = []

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-e2e-owner-'))
  chmodSync(work, 0o755) // builders run as nixbld users
})

test.afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop()
  rmSync(work, { recursive: true, force: true })
})

test('a CLI command and a second server leave a running rebuild running; a crashed server’s run is interrupted at the next start', async () => {
  test.setTimeout(180_000)
  const { repo, release } = makeGatedFlake(join(work, 'fixture'), ['beta'])
  const first = await serveFlakedeck(['--flake', repo])
  servers.push(first)
  await first.call('settings.set', {
    rebuildMode: 'profile',
    rebuildProfilePath: join(work, 'system'),
    rebuildSudo: false,
    lookBeforeSwitch: false,
  })
  const { runId } = (await first.call('rebuild.start', {
    repo,
    host: 'beta',
    action: 'build',
  })) as { runId: number }
  // The build is going: it printed its first lines and waits for the release file.
  await expect
    .poll(
      async () =>
        ((await first.call('rebuild.active', { repo })) as AttachedRun[])[0]?.output ?? '',
      { timeout: 120_000 },
    )
    .toContain('early line 6')
  const statusIn = async (app: ServedApp) =>
    ((await app.call('rebuild.list', { repo })) as RebuildRun[]).find((r) => r.id === runId)?.status

  const inputs = spawnSync(process.execPath, [cli, 'inputs', '--flake', repo, '--json'], {
    env: { ...process.env, FLAKEDECK_DATA_DIR: first.dataDir, NIX_CONFIG: testNixConfig() },
    encoding: 'utf8',
  })
  expect(inputs.status, inputs.stderr).toBe(0)
  expect(await statusIn(first)).toBe('running')

  // Another server on the same data folder starts the app; the run's server is still there.
  const second = await serveFlakedeck(['--flake', repo], {}, first.dataDir)
  expect(await statusIn(second)).toBe('running')
  await second.stop({ keepDataDir: true })
  expect(await statusIn(first)).toBe('running')

  // The server dies mid-run (no chance to record an end); the next start marks the run.
  servers.splice(servers.indexOf(first), 1)
  await first.stop({ keepDataDir: true, crash: true })
  writeFileSync(release, '') // lets a build that outlived it end
  const third = await serveFlakedeck(['--flake', repo], {}, first.dataDir)
  servers.push(third)
  const run = ((await third.call('rebuild.list', { repo })) as RebuildRun[]).find(
    (r) => r.id === runId,
  )
  expect(run).toMatchObject({
    status: 'interrupted',
    statusText: 'Flakedeck stopped while this rebuild was running.',
  })
})
