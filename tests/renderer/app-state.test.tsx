// The app's state through the data layer: the open repo follows repo.changed, and after the
// server came back the repo is opened there again before the areas read anew (a new server has
// no repo open, and would refuse their reads).
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AppStatus, RepoInfo } from '../../src/shared/contract'
import { useAppState } from '../../src/renderer/src/app/useAppState'
import { useCoreQuery } from '../../src/renderer/src/data/core-query'
import { keys } from '../../src/renderer/src/data/keys'
import { appStatus, fakeCore } from './fake-core'
import { renderWithData } from './render'

const repoPath = '/home/me/nixos'

const status = (initialRepo: string | null): AppStatus => appStatus({ initialRepo })

const info = (branch: string): RepoInfo => ({
  path: repoPath,
  name: 'nixos',
  branch,
  head: 'abc1234',
  dirty: false,
})

function Tree({ repo }: { repo: string }) {
  const tree = useCoreQuery(keys.fileTree(repo), 'files.tree', { repo })
  return <p data-testid="tree">{tree.data?.files.join(',') ?? (tree.error ? 'refused' : '…')}</p>
}

function Shell() {
  const app = useAppState()
  if (!app.status) return <p>starting</p>
  if (!app.repo)
    return (
      <>
        <button type="button" onClick={() => void app.openRepo('~/nixos')}>
          open
        </button>
        {app.openError && <p role="alert">{app.openError.message}</p>}
      </>
    )
  return (
    <>
      <p data-testid="branch">{app.repo.branch}</p>
      <Tree repo={app.repo.path} />
      <button type="button" onClick={app.closeRepo}>
        close
      </button>
      {app.previous && <p data-testid="previous">{app.previous.name}</p>}
    </>
  )
}

/** A server that opens the repo (expanding ~) and serves its files only once it is open. */
function serveRepo(initialRepo: string | null = null) {
  const server = { open: false, files: ['flake.nix'] }
  fakeCore.handle('app.status', () => status(initialRepo))
  fakeCore.handle('repo.open', async ({ path }) => {
    if (path !== repoPath && path !== '~/nixos') throw new Error(`no repo at ${path}`)
    // Opening takes a moment (git, the watcher): the repo is open once it answers.
    await new Promise((resolve) => setTimeout(resolve, 30))
    server.open = true
    return info('main')
  })
  fakeCore.handle('repo.recent', () => [])
  fakeCore.handle('files.tree', () => {
    if (!server.open) throw new Error('repo not open')
    return { files: server.files, untracked: [], status: [] }
  })
  return server
}

describe('app state', () => {
  it('opens a repo (the path the core answers with), follows repo.changed, closes it', async () => {
    serveRepo()
    renderWithData(<Shell />)
    fireEvent.click(await screen.findByRole('button', { name: 'open' }))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('flake.nix'))
    expect(fakeCore.callsOf('repo.open')).toEqual([{ path: '~/nixos' }])
    act(() => fakeCore.emit('repo.changed', info('feature')))
    await waitFor(() => expect(screen.getByTestId('branch').textContent).toBe('feature'))
    fireEvent.click(screen.getByRole('button', { name: 'close' }))
    expect(await screen.findByRole('button', { name: 'open' })).toBeTruthy()
  })

  it('opens the repo named on the command line once the status names it', async () => {
    serveRepo(repoPath)
    renderWithData(<Shell />)
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('flake.nix'))
    expect(fakeCore.callsOf('repo.open')).toEqual([{ path: repoPath }])
  })

  it('after a reconnect to a new server: the repo is opened there first, then read anew', async () => {
    const server = serveRepo()
    renderWithData(<Shell />)
    fireEvent.click(await screen.findByRole('button', { name: 'open' }))
    await waitFor(() => expect(screen.getByTestId('tree').textContent).toBe('flake.nix'))
    // A new server: nothing open, and the repo has a file more.
    server.open = false
    server.files = ['flake.nix', 'hosts/new.nix']
    act(() => fakeCore.connection.resumed())
    await waitFor(() =>
      expect(screen.getByTestId('tree').textContent).toBe('flake.nix,hosts/new.nix'),
    )
    expect(fakeCore.callsOf('repo.open')).toEqual([{ path: '~/nixos' }, { path: repoPath }])
    expect(fakeCore.callsOf('app.status')).toHaveLength(2)
  })
})
