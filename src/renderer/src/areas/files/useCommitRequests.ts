import { useEffect, useState } from 'react'
import { onShowCommitRequest } from '../../app/navigation'

/**
 * The commit another area asked to show in this repo's history (the Generations commit chip), as
 * a new object per request, so asking for the same commit again opens it again; null until asked.
 */
export function useCommitRequests(repo: string): { hash: string } | null {
  const [asked, setAsked] = useState<{ hash: string } | null>(null)
  useEffect(
    () =>
      onShowCommitRequest((request) => {
        if (request.repo === repo) setAsked({ hash: request.hash })
      }),
    [repo],
  )
  return asked
}
