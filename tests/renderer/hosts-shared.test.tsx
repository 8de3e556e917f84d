// The flake's hosts are one read for every area that lists them (Files, Rebuild, the prediction):
// one evaluation answers all, and a refresh asked by one shows in all.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useHosts } from '../../src/renderer/src/data/useHosts'
import { CoreRefusal, fakeCore } from './fake-core'
import { renderWithData } from './render'

function HostList({ name }: { name: string }) {
  const { hosts, error, refresh } = useHosts('/repo')
  return (
    <section aria-label={name}>
      <p>{error ? error.message : (hosts ?? []).join(',')}</p>
      <button type="button" onClick={() => void refresh()}>
        refresh {name}
      </button>
    </section>
  )
}

describe('hosts shared by every area', () => {
  it('one evaluation answers every area, and a refresh in one shows in all', async () => {
    let hosts = ['laptop']
    fakeCore.handle('nix.hosts', () => ({ hosts, error: null, diagnostics: [] }))
    renderWithData(
      <>
        <HostList name="files" />
        <HostList name="rebuild" />
      </>,
    )
    await waitFor(() => expect(screen.getAllByText('laptop')).toHaveLength(2))
    expect(fakeCore.callsOf('nix.hosts')).toHaveLength(1)
    hosts = ['laptop', 'server']
    fireEvent.click(screen.getByRole('button', { name: 'refresh files' }))
    await waitFor(() => expect(screen.getAllByText('laptop,server')).toHaveLength(2))
    expect(fakeCore.callsOf('nix.hosts')).toHaveLength(2)
  })

  it('a failed evaluation reads as the flake’s error in every area', async () => {
    fakeCore.handle('nix.hosts', () => {
      throw new CoreRefusal({ code: 'command-failed', message: 'flake.nix:3: syntax error' })
    })
    renderWithData(
      <>
        <HostList name="files" />
        <HostList name="rebuild" />
      </>,
    )
    await waitFor(() => expect(screen.getAllByText('flake.nix:3: syntax error')).toHaveLength(2))
  })
})
