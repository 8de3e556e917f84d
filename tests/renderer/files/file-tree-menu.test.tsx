// The file tree's context menu by keyboard: Shift+F10 opens it on the focused file, the first item
// takes the focus, Escape gives it back to the row, and "Discard changes…" is there only for a
// file with changes.
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { FileTree as FileTreeData } from '../../../src/shared/contract'
import { FileTree } from '../../../src/renderer/src/areas/files/FileTree'

const tree: FileTreeData = {
  files: ['flake.nix', 'hosts/alpha.nix'],
  untracked: [],
  status: [{ path: 'hosts/alpha.nix', kind: 'modified', staged: false, unstaged: true }],
}

function renderTree() {
  const handlers = { onOpen: vi.fn(), onRename: vi.fn(), onDelete: vi.fn(), onDiscard: vi.fn() }
  render(<FileTree tree={tree} active={null} {...handlers} />)
  const row = (path: string) => document.querySelector<HTMLElement>(`[data-path="${path}"]`)!
  return { handlers, row }
}

const items = () => screen.getAllByRole('menuitem').map((item) => item.textContent)

describe('the file tree context menu', () => {
  it('Shift+F10 on a changed file offers Discard changes, which the tree hands on', () => {
    const { handlers, row } = renderTree()
    row('hosts/alpha.nix').focus()
    fireEvent.focusIn(row('hosts/alpha.nix')) // React's onFocus hears focusin, as a browser sends it
    fireEvent.keyDown(row('hosts/alpha.nix'), { key: 'F10', shiftKey: true })
    expect(screen.getByRole('menu', { name: 'Actions for hosts/alpha.nix' })).toBeTruthy()
    expect(items()).toEqual(['OpenEnter', 'Rename…F2', 'Delete…Delete', 'Discard changes…'])
    expect(document.activeElement?.textContent).toBe('OpenEnter')
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    expect(document.activeElement?.textContent).toBe('Discard changes…')
    fireEvent.click(document.activeElement!)
    expect(screen.queryByRole('menu')).toBeNull()
    expect(handlers.onDiscard).toHaveBeenCalledWith('hosts/alpha.nix')
    // The focus is back on the row before the question opens, so the question returns it there.
    expect(document.activeElement).toBe(row('hosts/alpha.nix'))
  })

  it('an unchanged file has nothing to discard; Escape closes and the row has the focus', () => {
    const { handlers, row } = renderTree()
    fireEvent.contextMenu(row('flake.nix'), { clientX: 10, clientY: 10 })
    expect(items()).toEqual(['OpenEnter', 'Rename…F2', 'Delete…Delete'])
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(row('flake.nix'))
    expect(handlers.onDiscard).not.toHaveBeenCalled()
  })

  it('a folder has no menu', () => {
    renderTree()
    fireEvent.contextMenu(document.querySelector('[data-path="hosts"]')!)
    expect(screen.queryByRole('menu')).toBeNull()
  })
})
