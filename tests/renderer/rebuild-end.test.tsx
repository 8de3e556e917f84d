// A followed run's end is drawn once, with its outcome: the core's last state event ("finished")
// comes just before the outcome (rebuild.finished), and drawing it alone took the frame that the
// outcome then waited a whole frame after. Should the outcome's event be lost, the window reads
// the outcome from the run's record once the run's output has ended.
import { act, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import { describe, expect, it } from 'vitest'
import type { RebuildRun } from '../../src/shared/rebuild/types'
import { ProgressPanel } from '../../src/renderer/src/areas/rebuild/ProgressPanel'
import {
  outcomeGraceMs,
  startQuietMs,
  useRebuildSession,
} from '../../src/renderer/src/areas/rebuild/useRebuildSession'
import { announceRun, stateIn } from './rebuild-fixtures'
import { fakeCore } from './fake-core'
import { renderWithData } from './render'

const repo = '/repo/flake'

/** The session's consumer: its progress panel, and a terminal that takes every chunk at once. */
function Area() {
  const session = useRebuildSession(repo)
  const { live, feed } = session
  useEffect(() => feed?.subscribe((_chunk, done) => done()), [feed])
  return live ? (
    <ProgressPanel state={live.state} progress={session.progress} finished={live.finished} />
  ) : null
}

const run = (id: number): RebuildRun => ({
  id,
  repo,
  host: 'box',
  action: 'switch',
  mode: 'profile',
  commands: [],
  startedAt: Date.now() - 150,
  endedAt: Date.now(),
  status: 'succeeded',
  statusText: 'Switched to the new configuration. Generation 4.',
  exitCode: 0,
  gitCommit: null,
  gitDirty: null,
  flakeLockSha256: null,
  storePath: null,
  generation: 4,
  failure: null,
  outputTruncated: false,
})

const emitState = (runId: number, phase: Parameters<typeof stateIn>[0]) =>
  act(() =>
    fakeCore.emit('rebuild.state', {
      runId,
      repo,
      host: 'box',
      action: 'switch',
      state: stateIn(phase),
    }),
  )

describe("a followed run's end", () => {
  it('is drawn with its outcome, not as "Finished" alone first; the clock stops', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    fakeCore.handle('rebuild.feed', () => new Promise(() => undefined))
    renderWithData(<Area />)
    announceRun(repo, 5)
    emitState(5, 'activating')
    const headline = await screen.findByRole('status')
    await waitFor(() => expect(headline.textContent).toMatch(/^Activating/))

    emitState(5, 'finished')
    expect(screen.getByRole('status').textContent).toMatch(/^Activating/)
    act(() => fakeCore.emit('rebuild.finished', { runId: 5, run: run(5) }))
    expect(screen.getByRole('status').textContent).toBe(
      'switch box: succeeded · Switched to the new configuration. Generation 4.',
    )
    expect(screen.getByTestId('run-outcome')).toBeTruthy()
    // Nothing turns or counts once the run has ended.
    expect(document.querySelector('.spinner')).toBeNull()
  })

  it('is read from the run’s record when its event never comes', async () => {
    fakeCore.handle('rebuild.active', () => [])
    let ended = false
    fakeCore.handle('rebuild.list', () => (ended ? [run(6)] : []))
    fakeCore.handle('rebuild.feed', () => {
      ended = true
      return { data: 'done\r\n', next: 6, nextLine: 1, skippedLines: 0, ended: true }
    })
    renderWithData(<Area />)
    announceRun(repo, 6)
    emitState(6, 'activating')
    emitState(6, 'finished')
    await waitFor(() => expect(fakeCore.callsOf('rebuild.feed').length).toBe(1))
    // No rebuild.finished: after the grace, the record says how the run ended.
    await waitFor(() => expect(screen.getByTestId('run-outcome')).toBeTruthy(), {
      timeout: outcomeGraceMs + 2_000,
    })
    expect(screen.getByRole('status').textContent).toMatch(/^switch box: succeeded/)
    expect(fakeCore.callsOf('rebuild.list').at(-1)).toMatchObject({ repo })
  })

  it('a run started is first read after a quiet moment, or once its outcome is drawn', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    fakeCore.handle('rebuild.feed', () => new Promise(() => undefined))
    const pause = (ms: number) => act(async () => new Promise((r) => setTimeout(r, ms)))
    renderWithData(<Area />)

    // A run that goes on: nothing is read (nor drawn) while its commands start.
    announceRun(repo, 8)
    await pause(startQuietMs / 2)
    expect(fakeCore.callsOf('rebuild.feed')).toHaveLength(0)
    await waitFor(() => expect(fakeCore.callsOf('rebuild.feed')).toHaveLength(1))

    // A run over before that: its lines are read as soon as its outcome is drawn.
    act(() => fakeCore.emit('rebuild.finished', { runId: 8, run: run(8) }))
    announceRun(repo, 9)
    await pause(20)
    act(() => fakeCore.emit('rebuild.finished', { runId: 9, run: run(9) }))
    await pause(50)
    expect(fakeCore.callsOf('rebuild.feed').filter((c) => c.runId === 9)).toHaveLength(1)
  })
})
