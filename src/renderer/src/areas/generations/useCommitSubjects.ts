import { useMemo } from 'react'
import { useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/**
 * The subjects of the open repo's recent commits (git log, newest 300), to name the commit a
 * generation was built from beside its hash; null for a commit not among them (or when the
 * history cannot be read: the chip shows the hash alone).
 */
export function useCommitSubjects(repo: string): (rev: string) => string | null {
  const log = useCoreQuery(keys.gitLog(repo), 'git.log', { repo })
  const subjects = useMemo(
    () => new Map((log.data ?? []).map((c) => [c.hash, c.subject])),
    [log.data],
  )
  return (rev) => {
    const exact = subjects.get(rev)
    if (exact !== undefined) return exact
    if (rev.length < 7) return null
    for (const [hash, subject] of subjects) if (hash.startsWith(rev)) return subject
    return null
  }
}
