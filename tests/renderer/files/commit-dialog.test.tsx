// The commit dialog checks every listed file unless the user unchecks it, including a file listed
// only after it opened: the work tree's status can come a moment after the click (in CI, under
// load, the dialog opened on an older, empty status and offered "Commit 0 files").
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { GitFileStatus } from '../../../src/shared/contract'
import { CommitDialog } from '../../../src/renderer/src/areas/files/CommitDialog'

const modified = (path: string): GitFileStatus => ({
  path,
  kind: 'modified',
  staged: false,
  unstaged: true,
})

function dialog(changes: GitFileStatus[], onCommit = vi.fn(async () => null)) {
  return (
    <CommitDialog
      changes={changes}
      unsaved={[]}
      onCommit={onCommit}
      onDiscard={vi.fn(async () => undefined)}
      onClose={vi.fn()}
    />
  )
}

/** The file's checkbox (its label reads "M flake.nix": the status letter, then the path). */
const box = (path: string) =>
  screen.getByRole<HTMLInputElement>('checkbox', { name: (name) => name.endsWith(` ${path}`) })

describe('the commit dialog', () => {
  it('checks a file that the status lists after the dialog opened', () => {
    const { rerender } = render(dialog([]))
    expect(screen.getByText(/Nothing to commit/)).toBeTruthy()
    const onCommit = vi.fn(async () => null)
    rerender(dialog([modified('flake.nix')], onCommit))
    expect(box('flake.nix').checked).toBe(true)
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Describe it' } })
    const commit = screen.getByRole('button', { name: 'Commit 1 file' })
    fireEvent.click(commit)
    expect(onCommit).toHaveBeenCalledWith(['flake.nix'], 'Describe it')
  })

  it('keeps what the user unchecked as the list changes', () => {
    const { rerender } = render(dialog([modified('flake.nix'), modified('hosts/a.nix')]))
    fireEvent.click(box('hosts/a.nix'))
    expect(box('hosts/a.nix').checked).toBe(false)
    rerender(dialog([modified('flake.nix'), modified('hosts/a.nix'), modified('README.md')]))
    expect(box('hosts/a.nix').checked).toBe(false)
    expect(box('flake.nix').checked).toBe(true)
    expect(box('README.md').checked).toBe(true)
    expect(screen.getByRole('button', { name: 'Commit 2 files' })).toBeTruthy()
  })
})
