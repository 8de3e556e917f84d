// The command palette lists what the areas can do now, not what they could when it opened: the
// flake's hosts, read after the palette was opened (a slow nix, an area mounted later), appear in
// the open list. A CI run once typed "rebuild:" before the hosts were read and never saw them.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Palettes } from '../../src/renderer/src/palette/Palettes'
import { useAreaCommands } from '../../src/renderer/src/palette/useAreaCommands'
import { renderWithData } from './render'

function HostCommands({ hosts }: { hosts: string[] }) {
  useAreaCommands('rebuild', hosts, (list, inArea) =>
    list.map((host) => ({
      id: `switch-${host}`,
      title: `Rebuild: switch ${host}`,
      run: inArea(() => {}),
    })),
  )
  return null
}

const optionNames = () => screen.queryAllByRole('option').map((o) => o.textContent)

describe('command palette', () => {
  it('lists hosts that arrive while it is open, and drops commands of an area that leaves', () => {
    const view = renderWithData(
      <>
        <Palettes repo="/repo" />
        <HostCommands hosts={[]} />
      </>,
    )
    fireEvent.keyDown(window, { key: 'P', ctrlKey: true, shiftKey: true })
    expect(screen.getByRole('combobox', { name: 'Run a command' })).toBeTruthy()
    expect(optionNames().some((name) => name?.startsWith('Rebuild:'))).toBe(false)

    act(() =>
      view.update(
        <>
          <Palettes repo="/repo" />
          <HostCommands hosts={['alpha', 'beta']} />
        </>,
      ),
    )
    expect(optionNames()).toEqual(
      expect.arrayContaining(['Rebuild: switch alpha', 'Rebuild: switch beta']),
    )

    act(() => view.update(<Palettes repo="/repo" />))
    expect(optionNames().some((name) => name?.startsWith('Rebuild:'))).toBe(false)
    view.unmount()
  })
})
