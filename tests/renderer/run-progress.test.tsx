// What the progress panel costs the page while a build runs: nix's reports (ten a second) are
// folded so the panel redraws at most every renderIntervalMs (on the beat of its clock, so both
// are drawn in one frame), a new run shows at once, and the spinner turns with the panel's clock
// instead of an endless CSS animation (which had the page draw 60 frames a second).
import { act, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RebuildRun } from '../../src/shared/rebuild/types'
import { progressAt, stateIn } from './rebuild-fixtures'
import { ProgressPanel } from '../../src/renderer/src/areas/rebuild/ProgressPanel'
import {
  createProgressStore,
  renderIntervalMs,
} from '../../src/renderer/src/areas/rebuild/run-progress'

describe('the progress panel while a build runs', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('folds reports that come closer than renderIntervalMs into one redraw, and shows the newest', () => {
    const store = createProgressStore()
    const listener = vi.fn()
    store.subscribe(listener)
    store.reset(progressAt(0))
    expect(listener).toHaveBeenCalledTimes(1)
    listener.mockClear()
    // Each redraw falls on the beat the panel's clock ticks on, so both take one frame.
    const beats: number[] = []
    listener.mockImplementation(() => beats.push(Date.now() % renderIntervalMs))
    // Ten reports a second for a second: two or three redraws, not ten.
    for (let i = 1; i <= 10; i++) {
      store.set(progressAt(i))
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(renderIntervalMs)
    expect(listener.mock.calls.length).toBeLessThanOrEqual(Math.ceil(1000 / renderIntervalMs) + 1)
    expect(listener.mock.calls.length).toBeGreaterThan(0)
    expect(store.get()?.builds.done).toBe(10)
    expect(beats.every((b) => b === 0)).toBe(true)
    listener.mockImplementation(() => undefined)
    // Another run shows at once.
    listener.mockClear()
    store.reset(null)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.get()).toBeNull()
  })

  it('renders the panel a few times for 25 reports in a burst, ending on the newest', () => {
    const store = createProgressStore()
    const state = stateIn('building')
    const renders = vi.fn()
    render(
      <Profiler id="panel" onRender={renders}>
        <ProgressPanel state={state} progress={store} />
      </Profiler>,
    )
    act(() => store.reset(progressAt(0)))
    renders.mockClear()
    act(() => {
      for (let i = 1; i <= 25; i++) store.set(progressAt(i))
    })
    act(() => vi.advanceTimersByTime(renderIntervalMs))
    expect(renders.mock.calls.length).toBeLessThanOrEqual(2)
    expect(screen.getByTestId('builds-count').textContent).toBe('25 / 100 built')
  })

  it('names every build running now on hover, each with its last line', () => {
    const store = createProgressStore()
    const build = (id: number, name: string, lastLine: string | null) => ({
      id,
      drvPath: `/nix/store/${'a'.repeat(32)}-${name}.drv`,
      name,
      machine: '',
      startedAt: Date.now(),
      phase: 'buildPhase',
      lastLine,
    })
    render(<ProgressPanel state={stateIn('building')} progress={store} />)
    act(() =>
      store.reset({
        ...progressAt(3),
        running: [build(1, 'kernel-6.6', 'CC drivers/net/foo.o'), build(2, 'hello-2.12', null)],
      }),
    )
    const now = screen.getByLabelText('Building now')
    // Two builds: the row has no room for their last lines, the hover has.
    expect(now.textContent).not.toContain('CC drivers/net/foo.o')
    expect(now.getAttribute('title')).toBe('kernel-6.6: CC drivers/net/foo.o\nhello-2.12')
  })

  it('turns the spinner with the clock, without a CSS animation', () => {
    const store = createProgressStore()
    const state = stateIn('building')
    const { container } = render(<ProgressPanel state={state} progress={store} />)
    const spinner = () => container.querySelector<HTMLElement>('.spinner')!
    expect(spinner().style.animation).toBe('none')
    const before = spinner().style.transform
    act(() => vi.advanceTimersByTime(500))
    expect(spinner().style.transform).not.toBe(before)
    expect(spinner().style.transform).toMatch(/^rotate\(\d+deg\)$/)
  })
})

describe('the progress panel once the run has ended', () => {
  const finished = (status: RebuildRun['status']): RebuildRun => ({
    id: 7,
    repo: '/repo',
    host: 'demo',
    action: 'switch',
    mode: 'profile',
    commands: [],
    startedAt: 0,
    endedAt: 1,
    status,
    statusText: status === 'succeeded' ? 'Switched to the new configuration. Generation 3.' : null,
    exitCode: 0,
    gitCommit: null,
    gitDirty: null,
    flakeLockSha256: null,
    storePath: status === 'succeeded' ? `/nix/store/${'b'.repeat(32)}-nixos-system-demo` : null,
    generation: 3,
    failure: null,
    outputTruncated: false,
  })

  it('shows the outcome in its own place (no builds running), with the store path and the next step', () => {
    const store = createProgressStore()
    store.reset({
      ...progressAt(4),
      running: [
        {
          id: 1,
          drvPath: `/nix/store/${'a'.repeat(32)}-hello-2.12.drv`,
          name: 'hello-2.12',
          machine: '',
          startedAt: 0,
          phase: null,
          lastLine: null,
        },
      ],
    })
    const next = vi.fn()
    render(
      <ProgressPanel
        state={stateIn('finished')}
        progress={store}
        finished={finished('succeeded')}
        onNextBuild={next}
      />,
    )
    const panel = screen.getByTestId('run-outcome')
    expect(panel).toBe(screen.getByLabelText('Progress'))
    expect(panel.className).toContain('status-succeeded')
    // The outcome's words are the headline (not "Finished" beside them).
    expect(screen.getByRole('status').textContent).toBe(
      'switch demo: succeeded · Switched to the new configuration. Generation 3.',
    )
    expect(screen.getByTestId('builds-count').textContent).toBe('4 / 100 built')
    // What ran at the end is not "running" any more.
    expect(screen.queryByLabelText('Building now')).toBeNull()
    expect(panel.textContent).not.toContain('running')
    expect(screen.getByRole('button', { name: 'Copy the store path' })).toBeTruthy()
    screen.getByRole('button', { name: 'What will this change?' }).click()
    expect(next).toHaveBeenCalledTimes(1)
  })

  it('says cancelled for a cancelled run, without a store path', () => {
    render(
      <ProgressPanel
        state={stateIn('finished')}
        progress={createProgressStore()}
        finished={finished('cancelled')}
      />,
    )
    expect(screen.getByRole('status').textContent).toMatch(/^switch demo: cancelled/)
    expect(screen.queryByRole('button', { name: 'Copy the store path' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'What will this change?' })).toBeNull()
  })

  it("does not repeat a failure's words, which the failure panel below says", () => {
    const message = 'Building broken-1.0 failed (exit code 1).'
    render(
      <ProgressPanel
        state={stateIn('finished')}
        progress={createProgressStore()}
        finished={{
          ...finished('failed'),
          action: 'build',
          statusText: message,
          failure: { kind: 'build', message, failedDerivations: [], diagnostics: [] },
        }}
      />,
    )
    const headline = screen.getByRole('status')
    expect(headline.textContent).toBe('build demo: failed')
    // All of it on hover, where the row is cut short.
    expect(headline.title).toBe(`build demo: failed · ${message}`)
  })

  it('keeps the words of a run cancelled before activation (no failure panel says them)', () => {
    render(
      <ProgressPanel
        state={stateIn('finished')}
        progress={createProgressStore()}
        finished={{
          ...finished('cancelled'),
          statusText: 'Cancelled before activation.',
          failure: {
            kind: 'cancelled',
            message: 'Cancelled before activation.',
            failedDerivations: [],
            diagnostics: [],
          },
        }}
      />,
    )
    expect(screen.getByRole('status').textContent).toBe(
      'switch demo: cancelled · Cancelled before activation.',
    )
  })

  it('does not say the status twice ("cancelled · Cancelled.")', () => {
    render(
      <ProgressPanel
        state={stateIn('finished')}
        progress={createProgressStore()}
        finished={{ ...finished('cancelled'), statusText: 'Cancelled.' }}
      />,
    )
    expect(screen.getByRole('status').textContent).toBe('switch demo: cancelled')
  })
})
