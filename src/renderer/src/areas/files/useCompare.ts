import { useCallback, useState } from 'react'
import { call } from '../../api/client'
import type { EditorStore } from './editor-store'

export interface Compare {
  path: string
  /** The left side: the last commit's version, or the file on disk now (a conflict). */
  against: 'head' | 'disk'
  /** Null when the file does not exist there. */
  original: string | null
}

/** The diff shown in place of a tab's editor, if any: its buffer against HEAD or the disk. */
export function useCompare(repo: string, store: EditorStore) {
  const [compare, setCompare] = useState<Compare | null>(null)

  const showCompare = useCallback(
    async (path: string, against: Compare['against']) => {
      const original =
        against === 'head'
          ? (
              await call('git.headContent', { repo, path }).catch(() => ({
                content: null,
              }))
            ).content
          : await store.diskContent(path)
      setCompare({ path, against, original })
    },
    [repo, store],
  )

  const closeCompare = useCallback(() => setCompare(null), [])

  return { compare, showCompare, closeCompare }
}
