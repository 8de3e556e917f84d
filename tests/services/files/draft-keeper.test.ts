// The page's draft keeper against the real core and its SQLite store: which drafts it keeps,
// in what order its calls land, and which it removes. Timers are Vitest's fake ones, so no
// test depends on how fast the machine is.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { DraftKeeper, draftDelayMs } from '../../../src/renderer/src/areas/files/draft-keeper'
import type { Tab } from '../../../src/renderer/src/areas/files/tab'
import type { AppErrorData } from '../../../src/shared/errors'
import { makeRepo } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cores: Core[] = []
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(async () => {
  vi.useRealTimers()
  for (const core of cores.splice(0)) await core.close()
})

function tab(path: string, patch: Partial<Tab> = {}): Tab {
  return {
    path,
    language: 'nix',
    version: 'v1',
    readOnlyReason: null,
    size: 1,
    dirty: true,
    conflict: false,
    deletedOnDisk: false,
    ...patch,
  }
}

async function setup() {
  const repo = makeRepo(join(tempDir('flakedeck-repo-'), 'config'), {
    'flake.nix': '{ }\n',
    'a.nix': 'a\n',
    'b.nix': 'b\n',
  })
  const core = createCore({
    dataDir: tempDir('flakedeck-data-'),
    shell: 'browser',
    appVersion: '0.0.0-test',
  })
  cores.push(core)
  const call = async (method: string, input: unknown) => {
    const result = await core.dispatch(method, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { data: result.error })
    return result.value
  }
  await call('repo.open', { path: repo })
  const tabs = new Map<string, Tab>()
  const texts = new Map<string, string>()
  const failures: AppErrorData[] = []
  let broken = false
  const sent: string[] = []
  /** While set, saves wait for it on their way (a slow network), so later calls could overtake. */
  let slowSaves: Promise<void> | null = null
  const send = (method: string) => async (input: unknown) => {
    sent.push(`${method} ${(input as { content?: string }).content ?? ''}`.trim())
    if (method === 'drafts.save' && slowSaves) await slowSaves
    if (broken)
      throw Object.assign(new Error('down'), {
        data: { code: 'unavailable', message: 'The Flakedeck server cannot be reached.' },
      })
    return call(method, input)
  }
  const keeper = new DraftKeeper(
    { repo, tab: (p) => tabs.get(p), text: (p) => texts.get(p) },
    { save: send('drafts.save'), discard: send('drafts.discard') },
    (e) => failures.push(e),
    (e) => (e as { data: AppErrorData }).data,
  )
  const drafts = async () =>
    (
      (await call('drafts.list', { repo })) as {
        path: string
        content: string
        baseVersion: string | null
      }[]
    ).map((d) => `${d.path}@${d.baseVersion}: ${d.content}`)
  /** Lets every timer due within `ms` fire (the calls they start land later). */
  const wait = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms)
  }
  const type = (path: string, text: string, patch: Partial<Tab> = {}) => {
    tabs.set(path, tab(path, patch))
    texts.set(path, text)
    keeper.sync([...tabs.values()])
    keeper.changed(path)
  }
  return {
    repo,
    core,
    call,
    keeper,
    tabs,
    texts,
    failures,
    drafts,
    wait,
    type,
    sent,
    slowSaves: (until: Promise<void> | null) => (slowSaves = until),
    breakCore: (b: boolean) => (broken = b),
  }
}

describe('draft keeper', () => {
  it('keeps a draft a moment after the last change, with the version it was based on', async () => {
    const t = await setup()
    t.type('a.nix', 'a1')
    await t.wait(draftDelayMs - 1)
    t.type('a.nix', 'a12')
    await t.wait(draftDelayMs - 1)
    expect(t.sent).toEqual([])
    await t.wait(1)
    expect(t.sent).toEqual(['drafts.save a12'])
    await vi.waitFor(async () => expect(await t.drafts()).toEqual(['a.nix@v1: a12']))
    // A tab whose file is gone from disk keeps a draft based on no file.
    t.type('b.nix', 'b1', { deletedOnDisk: true })
    await t.wait(draftDelayMs)
    await vi.waitFor(async () =>
      expect(await t.drafts()).toEqual(['a.nix@v1: a12', 'b.nix@null: b1']),
    )
  })

  it('removes its draft when the tab is saved or closed, never one it did not keep', async () => {
    const t = await setup()
    // A draft an earlier session left for b.nix, not restored (yet).
    await t.call('drafts.save', { repo: t.repo, path: 'b.nix', content: 'old', baseVersion: 'v0' })
    t.type('a.nix', 'a1')
    t.tabs.set('b.nix', tab('b.nix', { dirty: false }))
    await t.wait(draftDelayMs)
    await vi.waitFor(async () =>
      expect(await t.drafts()).toEqual(['a.nix@v1: a1', 'b.nix@v0: old']),
    )
    // Saved: clean again.
    t.tabs.set('a.nix', tab('a.nix', { dirty: false, version: 'v2' }))
    t.keeper.sync([...t.tabs.values()])
    // b.nix closed while clean: the earlier session's draft stays on offer.
    t.tabs.delete('b.nix')
    t.keeper.sync([...t.tabs.values()])
    await vi.waitFor(async () => expect(await t.drafts()).toEqual(['b.nix@v0: old']))

    // Typed, then closed without saving before the draft was due: nothing is kept.
    t.type('a.nix', 'a2', { version: 'v2' })
    t.tabs.delete('a.nix')
    t.keeper.sync([...t.tabs.values()])
    await t.wait(draftDelayMs * 2)
    expect(t.sent.filter((c) => c.includes('a2'))).toEqual([])
    expect(await t.drafts()).toEqual(['b.nix@v0: old'])

    // A draft adopted from the offer is removed when its tab is saved.
    t.tabs.set('b.nix', tab('b.nix', { dirty: true, version: 'v0' }))
    t.keeper.sync([...t.tabs.values()])
    t.keeper.adopt('b.nix')
    t.tabs.set('b.nix', tab('b.nix', { dirty: false, version: 'v3' }))
    t.keeper.sync([...t.tabs.values()])
    await vi.waitFor(async () => expect(await t.drafts()).toEqual([]))
  })

  it('lands a save and the discard after it in order, and sends what waits when flushed', async () => {
    const t = await setup()
    let arrive = () => {}
    t.slowSaves(new Promise<void>((resolve) => (arrive = resolve)))
    t.type('a.nix', 'a1')
    t.keeper.flush() // the page is going away: no waiting for the moment
    await vi.waitFor(() => expect(t.sent).toEqual(['drafts.save a1']))
    // Saved while that draft is on its way: the discard must wait for it, not overtake it.
    t.tabs.set('a.nix', tab('a.nix', { dirty: false, version: 'v2' }))
    t.keeper.sync([...t.tabs.values()])
    await t.wait(draftDelayMs)
    expect(t.sent).toEqual(['drafts.save a1'])
    arrive()
    await vi.waitFor(() => expect(t.sent).toEqual(['drafts.save a1', 'drafts.discard']))
    await vi.waitFor(async () => expect(await t.drafts()).toEqual([]))
  })

  it('says once that drafts cannot be kept while the core is unreachable, then keeps them again', async () => {
    const t = await setup()
    t.breakCore(true)
    t.type('a.nix', 'a1')
    await t.wait(draftDelayMs)
    t.type('a.nix', 'a12')
    await t.wait(draftDelayMs)
    await vi.waitFor(() => expect(t.failures).toHaveLength(1))
    expect(t.failures[0]!.message).toBe(
      'Your unsaved edits of a.nix could not be kept as a draft: The Flakedeck server cannot be reached.',
    )
    t.breakCore(false)
    t.type('a.nix', 'a123')
    await t.wait(draftDelayMs)
    await vi.waitFor(async () => expect(await t.drafts()).toEqual(['a.nix@v1: a123']))
    expect(t.failures).toHaveLength(1)
  })
})
