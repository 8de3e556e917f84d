import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { call } from '../../api/client'
import { keys } from '../../data/keys'
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
  const client = useQueryClient()

  const showCompare = useCallback(
    async (path: string, against: Compare['against']) => {
      const original =
        against === 'head'
          ? (
              await client
                .fetchQuery({
                  queryKey: keys.headContent(repo, path),
                  queryFn: () => call('git.headContent', { repo, path }),
                  // HEAD moves without telling (a commit in a terminal): read it each time.
                  staleTime: 0,
                })
                .catch(() => ({ content: null }))
            ).content
          : await store.diskContent(path)
      setCompare({ path, against, original })
    },
    [client, repo, store],
  )

  const closeCompare = useCallback(() => setCompare(null), [])

  return { compare, showCompare, closeCompare }
}
