// The Files area's tree through the query layer: a change on disk reads it again, and an answer
// asked before a newer one never replaces it on screen (the hook once set whatever came last).
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { FileTree } from '../../../src/shared/contract'
import { useFileTree } from '../../../src/renderer/src/areas/files/useFileTree'
import { CoreRefusal, fakeCore, later, type Later } from '../fake-core'
import { renderWithData } from '../render'

const repo = '/home/me/nixos-config'
const tree = (...files: string[]): FileTree => ({ files, untracked: [], status: [] })

function TreeProbe() {
  const { tree, error, refresh } = useFileTree(repo)
  return (
    <>
      <p data-testid="files">{tree ? tree.files.join(',') : 'loading'}</p>
      {error && <p role="alert">{error.message}</p>}
      <button type="button" onClick={() => void refresh()}>
        refresh
      </button>
    </>
  )
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

const shown = () => screen.getByTestId('files').textContent

describe('the file tree', () => {
  it('a slow answer asked before a save does not overwrite the tree read after it', async () => {
    const pending = slowTrees()
    renderWithData(<TreeProbe />)
    await waitFor(() => expect(pending).toHaveLength(1))
    await act(async () => pending[0]!.resolve(tree('flake.nix')))
    await waitFor(() => expect(shown()).toBe('flake.nix'))

    // Another program adds a file: the event asks for the tree (slow to answer)…
    fakeCore.emit('files.changed', { repo, path: 'old.nix', kind: 'add' })
    await waitFor(() => expect(pending).toHaveLength(2))
    // …and a save here asks again before that answer came.
    fireEvent.click(screen.getByRole('button', { name: 'refresh' }))
    await waitFor(() => expect(pending).toHaveLength(3))
    await act(async () => pending[2]!.resolve(tree('flake.nix', 'new.nix')))
    await waitFor(() => expect(shown()).toBe('flake.nix,new.nix'))
    await act(async () => pending[1]!.resolve(tree('flake.nix', 'old.nix')))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(shown()).toBe('flake.nix,new.nix')
  })

  it('the first read, still in flight when the disk changes, is asked again', async () => {
    const pending = slowTrees()
    renderWithData(<TreeProbe />)
    await waitFor(() => expect(pending).toHaveLength(1))
    fakeCore.emit('files.changed', { repo, path: 'hosts/new.nix', kind: 'add' })
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.resolve(tree('flake.nix', 'hosts/new.nix')))
    await waitFor(() => expect(shown()).toBe('flake.nix,hosts/new.nix'))
    await act(async () => pending[0]!.resolve(tree('flake.nix')))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(shown()).toBe('flake.nix,hosts/new.nix')
  })

  it('changes in another repo do not read this one again', async () => {
    fakeCore.handle('files.tree', () => tree('flake.nix'))
    renderWithData(<TreeProbe />)
    await waitFor(() => expect(shown()).toBe('flake.nix'))
    fakeCore.emit('files.changed', { repo: '/elsewhere', path: 'x.nix', kind: 'change' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(fakeCore.callsOf('files.tree')).toHaveLength(1)
  })

  it('a failed read says why and keeps the last tree', async () => {
    let fail = false
    fakeCore.handle('files.tree', () => {
      if (fail) throw new CoreRefusal({ code: 'not-a-git-repo', message: 'Not a git repository.' })
      return tree('flake.nix')
    })
    renderWithData(<TreeProbe />)
    await waitFor(() => expect(shown()).toBe('flake.nix'))
    fail = true
    fireEvent.click(screen.getByRole('button', { name: 'refresh' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not a git repository.'))
    expect(shown()).toBe('flake.nix')
  })
})
