import { useEffect, useState } from 'react'

const shownMs = 2500

/** A short status line ("Saved flake.nix") that goes away by itself after a moment. */
export function useNotice() {
  const [notice, setNotice] = useState<string | null>(null)
  useEffect(() => {
    if (!notice) return
    const t = setTimeout(() => setNotice(null), shownMs)
    return () => clearTimeout(t)
  }, [notice])
  return [notice, setNotice] as const
}
