import { useEffect, useState, type RefObject } from 'react'

/**
 * Shows a <dialog> as modal when it mounts and, when it goes away, gives the focus back to what
 * had it before (a tree row, the editor, the button that opened it), as VS Code does. React
 * removes the element without calling close(), so the browser would leave the focus on <body>.
 */
export function useModal(ref: RefObject<HTMLDialogElement | null>): void {
  const [returnTo] = useState(() => document.activeElement as HTMLElement | null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      if (returnTo && returnTo !== document.body && returnTo.isConnected) returnTo.focus()
    }
  }, [ref, returnTo])
}
