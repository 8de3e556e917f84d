// The Generations area's reads go through the query layer: the timeline is read again when the
// core says a profile's generations changed and after this window changes them (a pin), the
// comparison shown is always the one of the pair chosen last, and the clean-up preview asks once
// for a policy typed in several keystrokes.
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { CleanupPlan, CleanupPolicy } from '../../src/shared/generations/care-types'
import type { GenerationComparison, GenerationTimeline } from '../../src/shared/generations/types'
import { useCleanupPlan } from '../../src/renderer/src/areas/generations/useCleanup'
import { usePin } from '../../src/renderer/src/areas/generations/useGenerationActions'
import { useComparison, useTimeline } from '../../src/renderer/src/areas/generations/useGenerations'
import type { Pair } from '../../src/renderer/src/areas/generations/generations-view'
import { fakeCore, later, type Later } from './fake-core'
import { renderWithData, serveSettings } from './render'

/** A timeline whose profile path says which read answered it. */
function serveTimelines() {
  let reads = 0
  fakeCore.handle('generations.list', () => {
    reads++
    return {
      profilePath: `/timeline-${reads}`,
      currentNumber: null,
      bootedStorePath: null,
      generations: [],
      closureProblem: null,
    } satisfies GenerationTimeline
  })
  return { reads: () => reads }
}

function TimelineView() {
  const { timeline, setProfile } = useTimeline()
  const pin = usePin()
  return (
    <>
      <p data-testid="timeline">{timeline?.profilePath ?? 'loading'}</p>
      <button type="button" onClick={() => void setProfile('/home/me/.nix-profile')}>
        other profile
      </button>
      <button type="button" onClick={() => void pin.run(3, 'before the GPU change')}>
        pin
      </button>
    </>
  )
}

const shown = (id: string) => screen.getByTestId(id).textContent

describe('the timeline', () => {
  it('is read again when the core says the viewed profile’s generations changed', async () => {
    serveSettings()
    const timelines = serveTimelines()
    renderWithData(<TimelineView />)
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-1'))
    act(() => fakeCore.emit('generations.changed', { profile: '/nix/var/nix/profiles/system' }))
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-2'))
    expect(timelines.reads()).toBe(2)
  })

  it('is read again when another profile is chosen here, before any event from the core', async () => {
    const settings = serveSettings()
    serveTimelines()
    renderWithData(<TimelineView />)
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-1'))
    act(() => screen.getByRole('button', { name: 'other profile' }).click())
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-2'))
    expect(settings.current().profilePath).toBe('/home/me/.nix-profile')
  })

  it('is read again after a pin made here, once the pin succeeded', async () => {
    serveSettings()
    const timelines = serveTimelines()
    const pinned = later<never>()
    fakeCore.handle('generations.pin', () => pinned.promise)
    renderWithData(<TimelineView />)
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-1'))
    act(() => screen.getByRole('button', { name: 'pin' }).click())
    await waitFor(() => expect(fakeCore.callsOf('generations.pin')).toHaveLength(1))
    expect(timelines.reads()).toBe(1)
    await act(async () =>
      pinned.resolve({ number: 3, label: 'before the GPU change', pinnedAt: 1 } as never),
    )
    await waitFor(() => expect(shown('timeline')).toBe('/timeline-2'))
  })
})

function ComparisonView({ pair }: { pair: Pair | null }) {
  const { comparison, loading } = useComparison(pair)
  return (
    <p data-testid="comparison">
      {loading ? 'loading' : (comparison?.changes.map((c) => c.name).join(',') ?? 'none')}
    </p>
  )
}

describe('the comparison', () => {
  it('shows the pair chosen last, whichever answer comes last', async () => {
    const pending: Later<GenerationComparison>[] = []
    fakeCore.handle('generations.compare', () => {
      const answer = later<GenerationComparison>()
      pending.push(answer)
      return answer.promise
    })
    const comparisonOf = (name: string) =>
      ({ changes: [{ name }], totals: {} }) as unknown as GenerationComparison
    const view = renderWithData(<ComparisonView pair={{ from: 1, to: 2 }} />)
    await waitFor(() => expect(pending).toHaveLength(1))
    view.update(<ComparisonView pair={{ from: 2, to: 3 }} />)
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(comparisonOf('two-three')))
    await waitFor(() => expect(shown('comparison')).toBe('two-three'))
    await act(async () => pending[0]!.resolve(comparisonOf('one-two')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('comparison')).toBe('two-three')
  })

  it('asks nothing without a pair', async () => {
    renderWithData(<ComparisonView pair={null} />)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('comparison')).toBe('none')
    expect(fakeCore.callsOf('generations.compare')).toHaveLength(0)
  })
})

function CleanupView({ policy }: { policy: CleanupPolicy }) {
  const { plan } = useCleanupPlan(policy)
  return <p data-testid="plan">{plan ? `keeps ${plan.rows.length}` : 'working'}</p>
}

describe('the clean-up preview', () => {
  it('asks once for a number typed in two keystrokes, and never shows a plan for another policy', async () => {
    fakeCore.handle(
      'generations.cleanupPlan',
      ({ policy }) =>
        ({ rows: Array.from({ length: policy.keep ?? 0 }) }) as unknown as CleanupPlan,
    )
    const view = renderWithData(<CleanupView policy={{ keep: 1, keepSinceDays: null }} />)
    view.update(<CleanupView policy={{ keep: 14, keepSinceDays: null }} />)
    await waitFor(() => expect(shown('plan')).toBe('keeps 14'))
    expect(fakeCore.callsOf('generations.cleanupPlan')).toEqual([
      { policy: { keep: 14, keepSinceDays: null } },
    ])
    view.update(<CleanupView policy={{ keep: 3, keepSinceDays: null }} />)
    expect(shown('plan')).toBe('working')
    await waitFor(() => expect(shown('plan')).toBe('keeps 3'))
  })
})
