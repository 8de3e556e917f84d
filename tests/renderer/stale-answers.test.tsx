// An answer counts only for what it was asked about: a slow answer to an older question never
// replaces the newer one on screen (the file tree once showed the previous repo's files when its
// answer came last).
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { FileTree } from '../../src/shared/contract'
import { invalidate, useCoreQuery } from '../../src/renderer/src/data/core-query'
import { keys } from '../../src/renderer/src/data/keys'
import { fakeCore, later, type Later } from './fake-core'
import { renderWithData } from './render'

const tree = (file: string): FileTree => ({ files: [file], untracked: [], status: [] })

function Tree({ repo }: { repo: string }) {
  const query = useCoreQuery(keys.fileTree(repo), 'files.tree', { repo })
  return <p data-testid="tree">{query.data ? query.data.files.join(',') : 'loading'}</p>
}

/** files.tree answers when the test says, one pending answer per call. */
function slowTrees(): Later<FileTree>[] {
  const pending: Later<FileTree>[] = []
  fakeCore.handle('files.tree', () => {
    const answer = later<FileTree>()
    pending.push(answer)
    return answer.promise
  })
  return pending
}

describe('older answers never overwrite newer ones', () => {
  it('the key changed while a request was in flight: the old answer does not show', async () => {
    const pending = slowTrees()
    const view = renderWithData(<Tree repo="/repo/a" />)
    await waitFor(() => expect(pending).toHaveLength(1))
    view.update(<Tree repo="/repo/b" />)
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(tree('b.nix')))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('b.nix'))
    await act(async () => pending[0]!.resolve(tree('a.nix')))
    // Give the late answer every chance to show.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(screen.getByTestId('tree').textContent).toBe('b.nix')
  })

  it('refetched while the first request was in flight: its older answer is dropped', async () => {
    const pending = slowTrees()
    const view = renderWithData(<Tree repo="/repo/a" />)
    await waitFor(() => expect(pending).toHaveLength(1))
    // What the event bridge and every mutation do after a change.
    act(() => void invalidate(view.client, { queryKey: keys.fileTree('/repo/a') }))
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(tree('new.nix')))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('new.nix'))
    await act(async () => pending[0]!.resolve(tree('old.nix')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(screen.getByTestId('tree').textContent).toBe('new.nix')
  })

  it('refetched while a later request was in flight: its older answer is dropped', async () => {
    const pending = slowTrees()
    const view = renderWithData(<Tree repo="/repo/a" />)
    await waitFor(() => expect(pending).toHaveLength(1))
    await act(async () => pending[0]!.resolve(tree('first.nix')))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('first.nix'))
    act(() => void view.client.invalidateQueries({ queryKey: keys.fileTree('/repo/a') }))
    await waitFor(() => expect(pending).toHaveLength(2))
    act(() => void view.client.invalidateQueries({ queryKey: keys.fileTree('/repo/a') }))
    await waitFor(() => expect(pending).toHaveLength(3))
    await act(async () => pending[2]!.resolve(tree('newest.nix')))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('newest.nix'))
    await act(async () => pending[1]!.resolve(tree('older.nix')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(screen.getByTestId('tree').textContent).toBe('newest.nix')
  })

  it('two readers of one key make one call', async () => {
    fakeCore.handle('files.tree', () => tree('one.nix'))
    renderWithData(
      <>
        <Tree repo="/repo/a" />
        <Tree repo="/repo/a" />
      </>,
    )
    await waitFor(() => expect(screen.getAllByText('one.nix')).toHaveLength(2))
    expect(fakeCore.callsOf('files.tree')).toHaveLength(1)
  })
})
