// The Inputs area's reads go through the query layer: an older answer of the overview never
// replaces a newer one, the overview is read again when the lock changes (here, in a terminal, in
// another window), a preview asked for last is the one shown, and the table calls stale what the
// details do (old, and not at upstream's newest commit).
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { InputRow } from '../../src/shared/lockfile/input-tree'
import type { InputsOverview, LockPreview } from '../../src/shared/lockfile/schemas'
import { useInputsOverview } from '../../src/renderer/src/areas/inputs/useInputsOverview'
import { useLockChange } from '../../src/renderer/src/areas/inputs/useLockChange'
import { useStaleInputs } from '../../src/renderer/src/areas/inputs/useUpstreamDistance'
import { fakeCore, later, type Later } from './fake-core'
import { renderWithData } from './render'

const repo = '/repo/flake'

/** An overview whose folder names the answer. */
const overview = (dir: string) => ({ dir, warnings: [] }) as unknown as InputsOverview

function OverviewView() {
  const inputs = useInputsOverview(repo)
  return (
    <>
      <p data-testid="overview">{inputs.overview?.dir ?? (inputs.loading ? 'loading' : 'none')}</p>
      <button type="button" onClick={() => void inputs.refresh()}>
        refresh
      </button>
    </>
  )
}

const shown = (id: string) => screen.getByTestId(id).textContent

function slowOverviews(): Later<InputsOverview>[] {
  const pending: Later<InputsOverview>[] = []
  fakeCore.handle('inputs.read', () => {
    const answer = later<InputsOverview>()
    pending.push(answer)
    return answer.promise
  })
  return pending
}

describe('the inputs overview', () => {
  it('an older answer never overwrites a newer one (refreshed while the first read ran)', async () => {
    const pending = slowOverviews()
    renderWithData(<OverviewView />)
    await waitFor(() => expect(pending).toHaveLength(1))
    act(() => screen.getByRole('button', { name: 'refresh' }).click())
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(overview('newer')))
    await waitFor(() => expect(shown('overview')).toBe('newer'))
    await act(async () => pending[0]!.resolve(overview('older')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('overview')).toBe('newer')
  })

  it('an older answer never overwrites a newer one (two refreshes in flight)', async () => {
    const pending = slowOverviews()
    renderWithData(<OverviewView />)
    await waitFor(() => expect(pending).toHaveLength(1))
    await act(async () => pending[0]!.resolve(overview('first')))
    await waitFor(() => expect(shown('overview')).toBe('first'))
    act(() => screen.getByRole('button', { name: 'refresh' }).click())
    await waitFor(() => expect(pending).toHaveLength(2))
    act(() => screen.getByRole('button', { name: 'refresh' }).click())
    await waitFor(() => expect(pending).toHaveLength(3))
    await act(async () => pending[2]!.resolve(overview('third')))
    await waitFor(() => expect(shown('overview')).toBe('third'))
    await act(async () => pending[1]!.resolve(overview('second')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('overview')).toBe('third')
  })

  it('is read again when the lock changes: inputs.changed, or flake.lock on disk', async () => {
    let reads = 0
    fakeCore.handle('inputs.read', () => overview(`read-${++reads}`))
    renderWithData(<OverviewView />)
    await waitFor(() => expect(shown('overview')).toBe('read-1'))
    act(() => fakeCore.emit('inputs.changed', { repo }))
    await waitFor(() => expect(shown('overview')).toBe('read-2'))
    act(() => fakeCore.emit('files.changed', { repo, path: 'flake.lock', kind: 'change' }))
    await waitFor(() => expect(shown('overview')).toBe('read-3'))
    // Another repo's lock, or another file of this one, is not this overview's business.
    act(() => fakeCore.emit('inputs.changed', { repo: '/repo/other' }))
    act(() => fakeCore.emit('files.changed', { repo, path: 'hosts/a.nix', kind: 'change' }))
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)))
    expect(shown('overview')).toBe('read-3')
  })
})

function PreviewView() {
  const change = useLockChange(repo)
  const { stage } = change
  return (
    <>
      <p data-testid="stage">{stage.kind === 'preview' ? stage.preview.id : stage.kind}</p>
      <button type="button" onClick={() => change.preview({ kind: 'update', names: ['nixpkgs'] })}>
        nixpkgs
      </button>
      <button type="button" onClick={() => change.preview({ kind: 'update-all' })}>
        all
      </button>
      <button type="button" onClick={change.cancel}>
        cancel
      </button>
    </>
  )
}

describe('a lock change preview', () => {
  function slowPreviews(): Later<LockPreview>[] {
    const pending: Later<LockPreview>[] = []
    fakeCore.handle('inputs.preview', () => {
      const answer = later<LockPreview>()
      pending.push(answer)
      return answer.promise
    })
    return pending
  }
  const preview = (id: string) => ({ id, spec: { kind: 'update-all' } }) as LockPreview

  it('shows the preview asked for last, whichever answer comes last', async () => {
    const pending = slowPreviews()
    renderWithData(<PreviewView />)
    act(() => screen.getByRole('button', { name: 'nixpkgs' }).click())
    act(() => screen.getByRole('button', { name: 'all' }).click())
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(preview('all')))
    await waitFor(() => expect(shown('stage')).toBe('all'))
    await act(async () => pending[0]!.resolve(preview('nixpkgs')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('stage')).toBe('all')
  })

  it('forgets a preview cancelled while it ran', async () => {
    const pending = slowPreviews()
    renderWithData(<PreviewView />)
    act(() => screen.getByRole('button', { name: 'nixpkgs' }).click())
    await waitFor(() => expect(pending).toHaveLength(1))
    act(() => screen.getByRole('button', { name: 'cancel' }).click())
    await act(async () => pending[0]!.resolve(preview('nixpkgs')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(shown('stage')).toBe('idle')
  })
})

function StaleView({ rows }: { rows: InputRow[] }) {
  const stale = useStaleInputs(repo, rows, 90, Date.UTC(2026, 0, 1))
  return <p data-testid="stale">{[...stale].sort().join(',')}</p>
}

describe('stale inputs in the table', () => {
  const input = (id: string, extra: Partial<InputRow> = {}) =>
    ({
      id,
      depth: 0,
      follows: null,
      type: 'git',
      lockedRev: `${id}-rev`,
      lastModified: Date.UTC(2024, 0, 1) / 1000,
      ...extra,
    }) as InputRow

  it('an old input at upstream’s newest commit is not stale; only old ones ask upstream', async () => {
    fakeCore.handle('inputs.upstreamDistance', ({ name }) => ({
      input: name,
      branch: 'main',
      behind: name === 'current' ? 0 : 3,
      ahead: 0,
    }))
    renderWithData(
      <StaleView
        rows={[
          input('current'),
          input('behind'),
          input('fresh', { lastModified: Date.UTC(2025, 11, 20) / 1000 }),
          input('nested', { depth: 1 }),
        ]}
      />,
    )
    // Until upstream answers, the age alone speaks.
    expect(shown('stale')).toBe('behind,current,nested')
    await waitFor(() => expect(shown('stale')).toBe('behind,nested'))
    expect(
      fakeCore
        .callsOf('inputs.upstreamDistance')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['behind', 'current'])
  })
})
