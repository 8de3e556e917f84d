import { useEffect } from 'react'
import { registerUnsavedWork } from '../../app/unsaved-work'
import type { EditorStore } from './editor-store'

interface Drafts {
  /** Keeps the edits of the last second as drafts now. */
  flush(): void
  /** The user leaves the repo without saving: the drafts go too. */
  discardKept(): void
}

/**
 * Unsaved tabs are never lost unasked: leaving the repo lists them (and can drop them with their
 * drafts), and closing the window or tab makes the browser (and Electron, through
 * will-prevent-unload) ask first.
 */
export function useUnsavedWorkGuard(store: EditorStore, { flush, discardKept }: Drafts) {
  useEffect(
    () => registerUnsavedWork(() => store.dirtyTabs().map((t) => t.path), discardKept),
    [store, discardKept],
  )

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // Edits of the last second are on their way as drafts now, whatever the user answers.
      flush()
      if (store.dirtyTabs().length > 0) {
        e.preventDefault()
        e.returnValue = ''
      }
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [store, flush])
}
