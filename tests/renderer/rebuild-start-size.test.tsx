// A run started from this window starts at its terminal's size: the size goes with
// rebuild.start, and the terminal's first resize to that same size sends nothing (it was one
// more request, and a pty resize, while a small switch was under way). A later change of size
// still reaches the run.
import { act, screen } from '@testing-library/react'
import { useEffect } from 'react'
import { describe, expect, it } from 'vitest'
import type { RebuildPlan } from '../../src/shared/rebuild/types'
import type { TerminalFeed } from '../../src/renderer/src/areas/rebuild/TerminalView'
import { useRebuildSession } from '../../src/renderer/src/areas/rebuild/useRebuildSession'
import { fakeCore, later } from './fake-core'
import { announceRun } from './rebuild-fixtures'
import { renderWithData } from './render'

const repo = '/repo/flake'

type Session = ReturnType<typeof useRebuildSession>

function Area({ onSession }: { onSession: (session: Session) => void }) {
  const session = useRebuildSession(repo)
  useEffect(() => {
    onSession(session)
  })
  return <p data-testid="run">{session.feed ? `feed ${session.feed.runId}` : 'no feed'}</p>
}

const plan: RebuildPlan = {
  mode: 'profile',
  action: 'switch',
  steps: [],
  confirmBeforeStep: null,
  profilePath: '/nix/var/nix/profiles/system',
}

describe('a run started from this window', () => {
  it('starts at the terminal size, and only a change of size is sent after', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    fakeCore.handle('rebuild.feed', () => later<never>().promise)
    fakeCore.handle('rebuild.resize', () => null)
    const started = later<{ runId: number; plan: RebuildPlan }>()
    fakeCore.handle('rebuild.start', () => started.promise)
    let session: Session | null = null
    renderWithData(<Area onSession={(s) => (session = s)} />)
    await screen.findByText('no feed')

    act(() => session!.terminalResized(100, 30))
    let starts: Promise<void> | null = null
    act(() => {
      starts = session!.start('box', 'switch')
    })
    // The run is announced before the start's answer: the terminal sizes it at once.
    announceRun(repo, 7)
    await screen.findByText('feed 7')
    const feed: TerminalFeed = session!.feed!
    feed.resize(100, 30)
    await act(async () => {
      started.resolve({ runId: 7, plan })
      await starts
    })

    expect(fakeCore.callsOf('rebuild.start')).toEqual([
      { repo, host: 'box', action: 'switch', terminal: { cols: 100, rows: 30 } },
    ])
    expect(fakeCore.callsOf('rebuild.resize')).toEqual([])
    feed.resize(120, 30)
    feed.resize(100, 30)
    expect(fakeCore.callsOf('rebuild.resize')).toEqual([
      { runId: 7, cols: 120, rows: 30 },
      { runId: 7, cols: 100, rows: 30 },
    ])
  })

  it('sizes a run it did not start (another window began it)', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    fakeCore.handle('rebuild.feed', () => later<never>().promise)
    fakeCore.handle('rebuild.resize', () => null)
    let session: Session | null = null
    renderWithData(<Area onSession={(s) => (session = s)} />)
    await screen.findByText('no feed')
    act(() => session!.terminalResized(100, 30))
    announceRun(repo, 9)
    await screen.findByText('feed 9')
    session!.feed!.resize(100, 30)
    expect(fakeCore.callsOf('rebuild.resize')).toEqual([{ runId: 9, cols: 100, rows: 30 }])
  })
})
