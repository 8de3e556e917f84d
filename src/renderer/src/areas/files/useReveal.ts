import { useCallback, useEffect, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { onOpenFileRequest } from '../../app/navigation'
import type { EditorStore } from './editor-store'

export interface Reveal {
  path: string
  line: number
  column: number
  /** Changes each time, so revealing the same place twice moves the cursor twice. */
  nonce: number
}

/**
 * Opening a file at a line: a problem clicked here, or a request from another area (a build
 * error, quick open, find in files). `onShown` runs once the file is the active tab.
 */
export function useReveal(store: EditorStore, onShown: () => void) {
  const [reveal, setReveal] = useState<Reveal | null>(null)

  useEffect(
    () =>
      onOpenFileRequest((request) => {
        void store.open(request.path).then(() => {
          onShown()
          setReveal({ ...request, nonce: Date.now() })
        })
      }),
    [store, onShown],
  )

  /** Opens the file of a problem at its line; one outside the repo has nowhere to go. */
  const openProblem = useCallback(
    async (p: Diagnostic) => {
      if (!p.file || !p.inRepo) return
      await store.open(p.file)
      onShown()
      setReveal({ path: p.file, line: p.line ?? 1, column: p.column ?? 1, nonce: Date.now() })
    },
    [store, onShown],
  )

  return { reveal, openProblem }
}
