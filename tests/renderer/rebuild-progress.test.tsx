// nix reports a run's progress up to ten times a second: each report re-renders the progress
// panel, not the Rebuild area around it (its controls, command, settings, terminal, history),
// which on a 2-core machine took CPU from the build it showed.
import { act, screen, waitFor } from '@testing-library/react'
import { memo } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { announceRun, progressAt } from './rebuild-fixtures'
import { ProgressPanel } from '../../src/renderer/src/areas/rebuild/ProgressPanel'
import {
  type LiveRun,
  useRebuildSession,
} from '../../src/renderer/src/areas/rebuild/useRebuildSession'
import { renderIntervalMs } from '../../src/renderer/src/areas/rebuild/run-progress'
import { fakeCore } from './fake-core'
import { renderWithData } from './render'

const repo = '/repo/flake'

/** Called on each render of the area and of its other parts. */
const rendered = { area: vi.fn(), rest: vi.fn() }

/** Stands for the area's other parts: a child that renders when the area hands it new props. */
const RestOfArea = memo(function RestOfArea({ live }: { live: LiveRun | null }) {
  rendered.rest()
  return <p data-testid="run">{live ? `run ${live.runId}` : 'no run'}</p>
})

/** The Rebuild area's shape: the session's consumer, its progress panel and its other parts. */
function Area() {
  rendered.area()
  const session = useRebuildSession(repo)
  const live = session.live
  return (
    <>
      <RestOfArea live={live} />
      {live && <ProgressPanel state={live.state} progress={session.progress} />}
    </>
  )
}

describe('rebuild progress', () => {
  it('N progress events re-render the progress panel, not the area or its other parts', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    renderWithData(<Area />)
    announceRun(repo, 7)
    await screen.findByText('run 7')
    await waitFor(() => expect(fakeCore.callsOf('rebuild.list').length).toBeGreaterThan(0))
    // Let the reads settle, then count from here.
    await act(async () => new Promise((r) => setTimeout(r, 20)))
    rendered.area.mockClear()
    rendered.rest.mockClear()

    const n = 25
    for (let i = 1; i <= n; i++)
      act(() => fakeCore.emit('rebuild.progress', { runId: 7, progress: progressAt(i) }))

    // The panel shows the newest report (reports close together are folded: run-progress.ts).
    await waitFor(() =>
      expect(screen.getByTestId('builds-count').textContent).toBe(`${n} / 100 built`),
    )
    expect(rendered.area).not.toHaveBeenCalled()
    expect(rendered.rest).not.toHaveBeenCalled()

    // Another run's reports are not this one's.
    act(() => fakeCore.emit('rebuild.progress', { runId: 8, progress: progressAt(99) }))
    await act(async () => new Promise((r) => setTimeout(r, renderIntervalMs + 20)))
    expect(screen.getByTestId('builds-count').textContent).toBe(`${n} / 100 built`)
  })
})
