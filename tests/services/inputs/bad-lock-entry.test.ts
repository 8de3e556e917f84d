// One lock entry Flakedeck cannot read (a url with broken percent-encoding) shows its problem on
// its own row; every other input, and every other inputs call, still works.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runCli } from '../../../src/main/cli/run-cli'
import { type Core } from '../../../src/main/core/core'
import type { InputRow } from '../../../src/shared/lockfile/input-tree'
import { makeInputsFixture, type InputsFixture } from '../../fixtures/inputs-fixture'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const temp = useTempDirs()
const makeCore = useCores(temp)

const badUrl = 'file:///tmp/%E0%A4'

/** The fixture with the `data` input's lock entry pointing at `badUrl`. */
async function setup(): Promise<{ fixture: InputsFixture; core: Core }> {
  const fixture = makeInputsFixture(temp('flakedeck-bad-entry-'))
  const path = join(fixture.flake, 'flake.lock')
  const lock = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: Record<string, { locked?: { url?: string }; original?: { url?: string } }>
  }
  lock.nodes.data!.locked!.url = badUrl
  lock.nodes.data!.original!.url = badUrl
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
  const core = makeCore()
  expect(await core.dispatch('repo.open', { path: fixture.flake })).toMatchObject({ ok: true })
  return { fixture, core }
}

describe('a lock entry with a broken url', () => {
  test('its row carries the problem; the other rows are as always', async () => {
    const { fixture, core } = await setup()
    const result = await core.dispatch('inputs.read', { repo: fixture.flake })
    expect(result.ok).toBe(true)
    const rows = (result as { value: { tree: { rows: InputRow[] } } }).value.tree.rows
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]))
    expect(byId.data!.problem).toMatch(/%E0%A4/)
    expect(byId.data!.problem).toMatch(/percent-encoding/)
    expect(byId.nixpkgs).toMatchObject({ problem: null, lockedRev: fixture.revs.p3 })
    expect(rows.map((row) => row.id)).toContain('tools/nixpkgs')
  })

  test('calls about other inputs work; calls about it give a clear error', async () => {
    const { fixture, core } = await setup()
    const versions = await core.dispatch('inputs.versions', {
      repo: fixture.flake,
      name: 'nixpkgs',
    })
    expect(versions).toMatchObject({ ok: true })
    const bad = await core.dispatch('inputs.versions', { repo: fixture.flake, name: 'data' })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/%E0%A4/) },
    })
    const log = await core.dispatch('inputs.commitLog', {
      repo: fixture.flake,
      name: 'nixpkgs',
      from: fixture.revs.p1,
      to: fixture.revs.p3,
    })
    expect(log).toMatchObject({ ok: true })
    // Whatever nix makes of the entry, a preview answers with an AppError or a preview, never
    // an unexpected error.
    const preview = await core.dispatch('inputs.preview', {
      repo: fixture.flake,
      spec: { kind: 'update', names: ['nixpkgs'] },
    })
    if (!preview.ok) expect(preview.error.code).not.toBe('internal')
  })
})

test('flakedeck inputs lists every input and names the unreadable entry', async () => {
  const { fixture } = await setup()
  let stdout = ''
  let stderr = ''
  const io = {
    env: { ...process.env, FLAKEDECK_DATA_DIR: temp('flakedeck-cli-data-') },
    out: (text: string) => void (stdout += text),
    err: (text: string) => void (stderr += text),
    waitForStop: () => Promise.resolve(),
  }
  expect(await runCli(['inputs', '--flake', fixture.flake], io)).toBe(0)
  expect(stderr).toBe('')
  const dataLine = stdout.split('\n').find((line) => line.startsWith('data '))!
  expect(dataLine).toMatch(/cannot read this input's lock entry/)
  expect(stdout).toMatch(/^nixpkgs /m)
  stdout = ''
  expect(await runCli(['inputs', '--flake', fixture.flake, '--json'], io)).toBe(0)
  const report = JSON.parse(stdout) as { inputs: InputRow[] }
  expect(report.inputs.find((row) => row.id === 'data')!.problem).toMatch(/%E0%A4/)
})
