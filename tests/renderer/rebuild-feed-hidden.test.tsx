// A window that is not shown (a hidden tab, a minimized window) reads none of a run's output: it
// would only parse it for a terminal nobody sees, on the cores the build uses. Once shown it
// reads on (the core skips it to the newest lines).
import { act, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import type { TerminalChunk, TerminalFeed } from '../../src/renderer/src/areas/rebuild/TerminalView'
import {
  feedIntervalMs,
  useRebuildSession,
} from '../../src/renderer/src/areas/rebuild/useRebuildSession'
import { fakeCore, later } from './fake-core'
import { announceRun } from './rebuild-fixtures'
import { renderWithData } from './render'

const repo = '/repo/flake'

function Area({ onFeed }: { onFeed: (feed: TerminalFeed | null) => void }) {
  const { feed } = useRebuildSession(repo)
  useEffect(() => {
    onFeed(feed)
  }, [feed, onFeed])
  return <p data-testid="run">{feed ? `feed ${feed.runId}` : 'no feed'}</p>
}

let visibility: DocumentVisibilityState = 'visible'
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
function setVisibility(state: DocumentVisibilityState) {
  visibility = state
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('the terminal feed of a hidden window', () => {
  afterEach(() => setVisibility('visible'))

  it('reads no output while the page is hidden, and reads on once it is shown', async () => {
    fakeCore.handle('rebuild.active', () => [])
    fakeCore.handle('rebuild.list', () => [])
    const answer = later<{
      data: string
      skippedLines: number
      next: number
      nextLine: number
      ended: boolean
    }>()
    fakeCore.handle('rebuild.feed', () => answer.promise)
    fakeCore.handle('rebuild.resize', () => undefined as never)
    let feed: TerminalFeed | null = null
    renderWithData(
      <Area
        onFeed={(f) => {
          feed = f
        }}
      />,
    )
    setVisibility('hidden')
    announceRun(repo, 7, 'build')
    await screen.findByText('feed 7')
    const written: TerminalChunk[] = []
    const stop = feed!.subscribe((chunk, done) => {
      written.push(chunk)
      done()
    })
    await act(async () => new Promise((r) => setTimeout(r, feedIntervalMs * 3)))
    expect(fakeCore.callsOf('rebuild.feed')).toHaveLength(0)
    act(() => setVisibility('visible'))
    await waitFor(() => expect(fakeCore.callsOf('rebuild.feed')).toHaveLength(1))
    answer.resolve({
      data: 'the newest line\r\n',
      skippedLines: 12,
      next: 900,
      nextLine: 30,
      ended: true,
    })
    await waitFor(() =>
      expect(written).toEqual([
        { data: 'the newest line\r\n', skippedLines: 12, next: 900, nextLine: 30, ended: true },
      ]),
    )
    stop()
  })
})
