import { useCallback, useEffect, useState } from 'react'
import { requestShowArea } from '../../app/navigation'
import { registerCommands } from '../../palette/commands'

/**
 * Whether the Files side bar shows find in files instead of the tree. Ctrl/Cmd+Shift+F (from any
 * area) shows it and focuses its input; the nonce changes on each press.
 */
export function useFindInFiles() {
  const [focusNonce, setFocusNonce] = useState<number | null>(null)
  const open = useCallback(() => {
    requestShowArea('files')
    setFocusNonce((n) => (n ?? 0) + 1)
  }, [])
  const close = useCallback(() => setFocusNonce(null), [])

  useEffect(() => {
    // Capture phase: before Monaco sees the keys.
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        e.stopPropagation()
        open()
      }
    }
    window.addEventListener('keydown', onKey, true)
    const unregister = registerCommands(() => [
      { id: 'find-in-files', title: 'Find in files', keys: 'Ctrl+Shift+F', run: open },
    ])
    return () => {
      window.removeEventListener('keydown', onKey, true)
      unregister()
    }
  }, [open])

  return { shown: focusNonce !== null, focusNonce: focusNonce ?? 0, open, close }
}
