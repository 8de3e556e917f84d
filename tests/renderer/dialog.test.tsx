// The one dialog: focus goes in, Escape closes it (unless it may not be closed now), and the focus
// goes back to where it was when it closes.
import { fireEvent, render, screen } from '@testing-library/react'
import { useRef, useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { Dialog } from '../../src/renderer/src/components/Dialog'

/** Escape on a modal dialog: the browser sends it `cancel`. */
function pressEscape(dialog: HTMLElement) {
  fireEvent(dialog, new Event('cancel', { cancelable: true }))
}

function Opener({ dismissable = true }: { dismissable?: boolean }) {
  const [open, setOpen] = useState(false)
  const field = useRef<HTMLInputElement>(null)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog
          title="Name the file"
          onClose={() => setOpen(false)}
          initialFocus={field}
          dismissable={dismissable}
        >
          <button type="button">First</button>
          <input ref={field} aria-label="Name" />
        </Dialog>
      )}
    </>
  )
}

describe('Dialog', () => {
  it('is named by its title and takes the focus where it is told', () => {
    render(<Opener />)
    const opener = screen.getByRole('button', { name: 'Open' })
    opener.focus()
    fireEvent.click(opener)
    const dialog = screen.getByRole('dialog', { name: 'Name the file' })
    expect((dialog as HTMLDialogElement).open).toBe(true)
    expect(document.activeElement).toBe(screen.getByLabelText('Name'))
  })

  it('closes on Escape and gives the focus back to what had it', () => {
    render(<Opener />)
    const opener = screen.getByRole('button', { name: 'Open' })
    opener.focus()
    fireEvent.click(opener)
    pressEscape(screen.getByRole('dialog'))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('stays open on Escape while it may not be closed', () => {
    render(<Opener dismissable={false} />)
    fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    pressEscape(screen.getByRole('dialog'))
    expect(screen.getByRole('dialog')).toBeTruthy()
  })

  it('closes on a click beside it only when asked to', () => {
    const onClose = vi.fn()
    const { rerender } = render(
      <Dialog label="Go to file" onClose={onClose} className="palette">
        <input aria-label="Go to file" />
      </Dialog>,
    )
    fireEvent.click(screen.getByRole('dialog', { name: 'Go to file' }))
    expect(onClose).not.toHaveBeenCalled()
    rerender(
      <Dialog label="Go to file" onClose={onClose} className="palette" closeOnBackdrop>
        <input aria-label="Go to file" />
      </Dialog>,
    )
    fireEvent.click(screen.getByRole('textbox'))
    expect(onClose).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('dialog'))
    expect(onClose).toHaveBeenCalledTimes(1)
  })
})
