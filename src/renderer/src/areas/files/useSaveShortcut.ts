import { useEffect } from 'react'
import type { EditorStore } from './editor-store'

/**
 * Ctrl/Cmd+S saves the active tab from anywhere in the window (the tree or the tabs focused), not
 * only from inside the editor, which handles its own key.
 */
export function useSaveShortcut(store: EditorStore, save: (path: string) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault()
        const active = store.getSnapshot().active
        if (active) save(active)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, save])
}
