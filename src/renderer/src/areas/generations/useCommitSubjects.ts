import { useEffect, useState } from 'react'
import { call } from '../../api/client'

/**
 * The subjects of the open repo's recent commits (git log, newest 300), to name the commit a
 * generation was built from beside its hash; null for a commit not among them.
 */
export function useCommitSubjects(repo: string, round: number): (rev: string) => string | null {
  const [subjects, setSubjects] = useState<ReadonlyMap<string, string>>(new Map())
  useEffect(() => {
    let live = true
    call('git.log', { repo }).then(
      (commits) => live && setSubjects(new Map(commits.map((c) => [c.hash, c.subject]))),
      () => undefined, // no history (not readable): the chip shows the hash alone
    )
    return () => {
      live = false
    }
  }, [repo, round])
  return (rev) => {
    const exact = subjects.get(rev)
    if (exact !== undefined) return exact
    if (rev.length < 7) return null
    for (const [hash, subject] of subjects) if (hash.startsWith(rev)) return subject
    return null
  }
}
