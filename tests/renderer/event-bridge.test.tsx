// Core events invalidate the reads they change, and only those: what is on screen is read again,
// what an event does not touch is not (nix evaluations are not free).
import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MethodName } from '../../src/shared/channels'
import type { RebuildRun } from '../../src/shared/rebuild/types'
import { useCoreQuery } from '../../src/renderer/src/data/core-query'
import { keys } from '../../src/renderer/src/data/keys'
import { useHosts } from '../../src/renderer/src/data/useHosts'
import { useSettings } from '../../src/renderer/src/data/useSettings'
import { appStatus, fakeCore } from './fake-core'
import { renderWithData, serveSettings, someSettings } from './render'

const repo = '/repo/flake'

/** Answers every read below with a counter, so each refetch shows. */
function serveCounting() {
  const counts = new Map<MethodName, number>()
  const next = (method: MethodName) => {
    const n = (counts.get(method) ?? 0) + 1
    counts.set(method, n)
    return n
  }
  fakeCore.handle('files.tree', () => ({
    files: [`tree-${next('files.tree')}`],
    untracked: [],
    status: [],
  }))
  fakeCore.handle('nix.hosts', () => ({
    hosts: [`host-${next('nix.hosts')}`],
    error: null,
    diagnostics: [],
  }))
  fakeCore.handle('app.status', () => appStatus({ version: `v${next('app.status')}` }))
  fakeCore.handle(
    'rebuild.plan',
    (input) =>
      ({
        repo: input.repo,
        host: input.host,
        action: input.action,
        mode: 'profile',
        profilePath: `/plan-${next('rebuild.plan')}`,
        steps: [],
        confirmBeforeStep: null,
      }) as never,
  )
  fakeCore.handle('rebuild.list', () =>
    Array.from({ length: next('rebuild.list') }, (_, i) => ({ id: i + 1 }) as RebuildRun),
  )
  fakeCore.handle(
    'generations.list',
    () => ({ profilePath: `/timeline-${next('generations.list')}` }) as never,
  )
  serveSettings()
}

function Everything() {
  const tree = useCoreQuery(keys.fileTree(repo), 'files.tree', { repo })
  const hosts = useHosts(repo)
  const status = useCoreQuery(keys.appStatus(), 'app.status', {})
  const plan = useCoreQuery(keys.rebuildPlan(repo, 'box', 'switch'), 'rebuild.plan', {
    repo,
    host: 'box',
    action: 'switch',
  })
  const runs = useCoreQuery(keys.runHistory(repo, 50), 'rebuild.list', { repo, limit: 50 })
  const timeline = useCoreQuery(keys.timeline('/p'), 'generations.list', {})
  const { settings } = useSettings()
  return (
    <ul>
      <li data-testid="tree">{tree.data?.files[0]}</li>
      <li data-testid="hosts">{hosts.hosts?.[0]}</li>
      <li data-testid="status">{status.data?.version}</li>
      <li data-testid="plan">{plan.data?.profilePath}</li>
      <li data-testid="runs">{runs.data?.length}</li>
      <li data-testid="timeline">{timeline.data?.profilePath}</li>
      <li data-testid="settings">{settings?.rebuildProfilePath}</li>
    </ul>
  )
}

const shown = (id: string) => screen.getByTestId(id).textContent

async function mounted() {
  serveCounting()
  renderWithData(<Everything />)
  await waitFor(() => {
    expect(shown('tree')).toBe('tree-1')
    expect(shown('hosts')).toBe('host-1')
    expect(shown('status')).toBe('v1')
    expect(shown('plan')).toBe('/plan-1')
    expect(shown('runs')).toBe('1')
    expect(shown('timeline')).toBe('/timeline-1')
    expect(shown('settings')).toBe('/nix/var/nix/profiles/system')
  })
}

/** Lets every invalidation and its refetch run (file events wait a moment to batch). */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 300)))

describe('core events → the reads they change', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('files.changed of a file: the tree and git status, not the hosts; a burst is one refetch', async () => {
    await mounted()
    act(() => {
      for (const path of ['a.nix', 'b.nix', 'c.nix'])
        fakeCore.emit('files.changed', { repo, path, kind: 'change' })
    })
    await waitFor(() => expect(shown('tree')).toBe('tree-2'))
    await settle()
    expect(shown('tree')).toBe('tree-2')
    expect(shown('hosts')).toBe('host-1')
    expect(shown('plan')).toBe('/plan-1')
  })

  it('files.changed of flake.nix: the hosts and the rebuild command too', async () => {
    await mounted()
    act(() => fakeCore.emit('files.changed', { repo, path: 'flake.nix', kind: 'change' }))
    await waitFor(() => {
      expect(shown('hosts')).toBe('host-2')
      expect(shown('plan')).toBe('/plan-2')
      expect(shown('tree')).toBe('tree-2')
    })
    expect(shown('status')).toBe('v1')
  })

  it('files.changed of another repo changes nothing here', async () => {
    await mounted()
    act(() => fakeCore.emit('files.changed', { repo: '/other', path: 'flake.nix', kind: 'change' }))
    await settle()
    expect(shown('tree')).toBe('tree-1')
    expect(shown('hosts')).toBe('host-1')
  })

  it('settings.changed: the settings from the event, and the rebuild command read again', async () => {
    await mounted()
    act(() => fakeCore.emit('settings.changed', { ...someSettings, rebuildProfilePath: '/new' }))
    await waitFor(() => {
      expect(shown('settings')).toBe('/new')
      expect(shown('plan')).toBe('/plan-2')
    })
    expect(fakeCore.callsOf('settings.get')).toHaveLength(1)
    expect(shown('hosts')).toBe('host-1')
  })

  it('settings.changed of a setting the command does not use leaves the command alone', async () => {
    await mounted()
    act(() => fakeCore.emit('settings.changed', { ...someSettings, formatter: 'alejandra' }))
    await settle()
    expect(shown('plan')).toBe('/plan-1')
  })

  it('inputs.changed: the rebuild command and git status of that repo', async () => {
    await mounted()
    act(() => fakeCore.emit('inputs.changed', { repo }))
    await waitFor(() => {
      expect(shown('plan')).toBe('/plan-2')
      expect(shown('tree')).toBe('tree-2')
    })
    expect(shown('runs')).toBe('1')
  })

  it('generations.changed of a profile: its timeline', async () => {
    await mounted()
    act(() => fakeCore.emit('generations.changed', { profile: '/other' }))
    await settle()
    expect(shown('timeline')).toBe('/timeline-1')
    act(() => fakeCore.emit('generations.changed', { profile: '/p' }))
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-2'))
  })

  it('rebuild.finished: the run history and the generations, read once the outcome painted', async () => {
    await mounted()
    // The page's frames, drawn when the test says.
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f))
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const asked = () =>
      fakeCore.callsOf('rebuild.list').length + fakeCore.callsOf('generations.list').length
    const before = asked()
    act(() => fakeCore.emit('rebuild.finished', { runId: 1, run: { repo } as RebuildRun }))
    // Asked in the same turn, the refetches took the CPU the outcome's paint needed.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(asked()).toBe(before)
    act(() => frames.splice(0).forEach((f) => f(performance.now())))
    await waitFor(() => {
      expect(shown('runs')).toBe('2')
      expect(shown('timeline')).toBe('/timeline-2')
    })
    expect(shown('plan')).toBe('/plan-1')
  })

  it('repo.changed: git status read again', async () => {
    await mounted()
    act(() =>
      fakeCore.emit('repo.changed', {
        path: repo,
        name: 'flake',
        branch: 'main',
        head: 'abc',
        dirty: false,
      }),
    )
    await waitFor(() => expect(shown('tree')).toBe('tree-2'))
    expect(shown('hosts')).toBe('host-1')
  })

  it('a reconnect reads everything again: the app at once, the repo once it is open again', async () => {
    await mounted()
    act(() => fakeCore.connection.resumed())
    await waitFor(() => expect(shown('status')).toBe('v2'))
    await settle()
    expect(shown('tree')).toBe('tree-1')
    act(() => fakeCore.connection.announceResynced())
    await waitFor(() => {
      expect(shown('tree')).toBe('tree-2')
      expect(shown('hosts')).toBe('host-2')
      expect(shown('plan')).toBe('/plan-2')
      expect(shown('runs')).toBe('2')
    })
  })

  it('unmounting the app leaves no listener behind', async () => {
    await mounted()
    expect(fakeCore.listenerCount('settings.changed')).toBe(1)
    const { cleanup } = await import('@testing-library/react')
    cleanup()
    expect(fakeCore.listenerCount('settings.changed')).toBe(0)
    expect(fakeCore.listenerCount('files.changed')).toBe(0)
  })
})
