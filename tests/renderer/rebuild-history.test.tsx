// The history of runs is read when a run ends (the data layer reads it again on
// rebuild.finished), not when one starts: a read at the start took the server's and the page's
// time from nix evaluating and building. A run still going after a while is listed as running.
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RebuildPlan, RebuildRun } from '../../src/shared/rebuild/types'
import {
  historyRunningAfterMs,
  useRebuildSession,
} from '../../src/renderer/src/areas/rebuild/useRebuildSession'
import { fakeCore } from './fake-core'
import { renderWithData } from './render'

const repo = '/repo/flake'

function Area() {
  const { start, live } = useRebuildSession(repo)
  return (
    <>
      <button type="button" onClick={() => void start('box', 'switch')}>
        Switch
      </button>
      <p data-testid="run">{live ? `run ${live.runId}` : 'no run'}</p>
    </>
  )
}

function serve(runId: number) {
  fakeCore.handle('rebuild.active', () => [])
  fakeCore.handle('rebuild.list', () => [])
  fakeCore.handle('rebuild.feed', () => new Promise(() => undefined))
  fakeCore.handle('rebuild.start', () => ({ runId, plan: {} as RebuildPlan }))
}

const pause = (ms: number) => act(async () => new Promise((r) => setTimeout(r, ms)))

describe('the run history while a run goes', () => {
  it('is not read between a short run’s start and its end, and is read at its end', async () => {
    serve(3)
    renderWithData(<Area />)
    await waitFor(() => expect(fakeCore.callsOf('rebuild.list')).toHaveLength(1))
    act(() => screen.getByRole('button', { name: 'Switch' }).click())
    await screen.findByText('run 3')
    await pause(historyRunningAfterMs / 2)
    expect(fakeCore.callsOf('rebuild.list')).toHaveLength(1)
    act(() =>
      fakeCore.emit('rebuild.finished', {
        runId: 3,
        run: { id: 3, repo, host: 'box', action: 'switch' } as RebuildRun,
      }),
    )
    await waitFor(() => expect(fakeCore.callsOf('rebuild.list')).toHaveLength(2))
    // The timer of the start reads nothing more once the run has ended.
    await pause(historyRunningAfterMs / 2 + 200)
    expect(fakeCore.callsOf('rebuild.list')).toHaveLength(2)
  })

  it('lists a run still going after a while', async () => {
    serve(4)
    renderWithData(<Area />)
    await waitFor(() => expect(fakeCore.callsOf('rebuild.list')).toHaveLength(1))
    act(() => screen.getByRole('button', { name: 'Switch' }).click())
    await screen.findByText('run 4')
    expect(fakeCore.callsOf('rebuild.list')).toHaveLength(1)
    await waitFor(() => expect(fakeCore.callsOf('rebuild.list')).toHaveLength(2), {
      timeout: historyRunningAfterMs * 2,
    })
  })
})
