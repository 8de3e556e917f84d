// One copy of the settings for the whole window: a change made through one area's hook shows in
// every other mounted area at once, and so does one pushed from another window (settings.changed).
// The bug this guards: the Rebuild area kept its own copy and showed an old nix-env -p command.
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useSettings } from '../../src/renderer/src/data/useSettings'
import { fakeCore, later } from './fake-core'
import { renderWithData, serveSettings, someSettings } from './render'
import type { Settings } from '../../src/shared/contract'

/** Stands for the Rebuild area: shows the profile a switch writes. */
function RebuildProfile() {
  const { settings } = useSettings()
  return <p data-testid="rebuild">{settings ? `nix-env -p ${settings.rebuildProfilePath}` : '…'}</p>
}

/** Stands for another area that changes that setting. */
function ProfileChanger({ to }: { to: string }) {
  const { settings, change } = useSettings()
  return (
    <>
      <p data-testid="changer">{settings?.rebuildProfilePath ?? '…'}</p>
      <button type="button" onClick={() => void change({ rebuildProfilePath: to })}>
        change to {to}
      </button>
    </>
  )
}

describe('settings shared by every area', () => {
  it('a change made through one hook shows in another mounted consumer at once', async () => {
    serveSettings()
    renderWithData(
      <>
        <RebuildProfile />
        <ProfileChanger to="/profiles/mine" />
      </>,
    )
    await waitFor(() =>
      expect(screen.getByTestId('rebuild').textContent).toBe(
        'nix-env -p /nix/var/nix/profiles/system',
      ),
    )
    fireEvent.click(screen.getByRole('button', { name: 'change to /profiles/mine' }))
    await waitFor(() =>
      expect(screen.getByTestId('rebuild').textContent).toBe('nix-env -p /profiles/mine'),
    )
    expect(screen.getByTestId('changer').textContent).toBe('/profiles/mine')
    // One read for both consumers, and none after the change: its answer is the new settings.
    expect(fakeCore.callsOf('settings.get')).toHaveLength(1)
    expect(fakeCore.callsOf('settings.set')).toEqual([{ rebuildProfilePath: '/profiles/mine' }])
  })

  it('a change pushed by another window (settings.changed) shows without asking again', async () => {
    serveSettings()
    renderWithData(
      <>
        <RebuildProfile />
        <ProfileChanger to="/unused" />
      </>,
    )
    await waitFor(() => expect(screen.getByTestId('changer').textContent).toContain('/nix/var'))
    act(() =>
      fakeCore.emit('settings.changed', { ...someSettings, rebuildProfilePath: '/elsewhere' }),
    )
    await waitFor(() =>
      expect(screen.getByTestId('rebuild').textContent).toBe('nix-env -p /elsewhere'),
    )
    expect(screen.getByTestId('changer').textContent).toBe('/elsewhere')
    expect(fakeCore.callsOf('settings.get')).toHaveLength(1)
  })

  it('the answer of an older change that comes late does not undo a newer change', async () => {
    serveSettings()
    const answers: ReturnType<typeof later<Settings>>[] = []
    let stored = someSettings
    fakeCore.handle('settings.set', (patch) => {
      stored = { ...stored, ...patch }
      const answer = later<Settings>()
      answers.push(answer)
      const snapshot = stored
      return answer.promise.then(() => snapshot)
    })
    renderWithData(
      <>
        <RebuildProfile />
        <ProfileChanger to="/first" />
        <ProfileChanger to="/second" />
      </>,
    )
    await waitFor(() => expect(screen.getByTestId('rebuild').textContent).toContain('/nix/var'))
    fireEvent.click(screen.getByRole('button', { name: 'change to /first' }))
    fireEvent.click(screen.getByRole('button', { name: 'change to /second' }))
    await waitFor(() => expect(answers).toHaveLength(2))
    await act(async () => answers[1]!.resolve(someSettings))
    await waitFor(() =>
      expect(screen.getByTestId('rebuild').textContent).toBe('nix-env -p /second'),
    )
    await act(async () => answers[0]!.resolve(someSettings))
    expect(screen.getByTestId('rebuild').textContent).toBe('nix-env -p /second')
  })

  it('a refused change leaves the settings shown as they were and reports why', async () => {
    serveSettings()
    const { CoreRefusal } = await import('./fake-core')
    fakeCore.handle('settings.set', () => {
      throw new CoreRefusal({ code: 'bad-request', message: 'Give the full path.' })
    })
    let failure: unknown = null
    function Changer() {
      const { change } = useSettings()
      return (
        <button
          type="button"
          onClick={() => change({ rebuildProfilePath: 'relative' }).catch((e) => (failure = e))}
        >
          change
        </button>
      )
    }
    renderWithData(
      <>
        <RebuildProfile />
        <Changer />
      </>,
    )
    await waitFor(() => expect(screen.getByTestId('rebuild').textContent).toContain('/nix/var'))
    fireEvent.click(screen.getByRole('button', { name: 'change' }))
    await waitFor(() => expect(failure).toBeInstanceOf(Error))
    expect((failure as Error).message).toBe('Give the full path.')
    expect(screen.getByTestId('rebuild').textContent).toBe(
      'nix-env -p /nix/var/nix/profiles/system',
    )
  })
})
