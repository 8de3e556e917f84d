import { useEffect, useState } from 'react'
import { diffLocks, lockCommitMessage } from '../../../../shared/lockfile/lock-diff'
import { tryParseLockfile } from '../../../../shared/lockfile/parse-lockfile'
import { call } from '../../api/client'

/**
 * The commit message for flake.lock as it stands against the last commit, in the shape of nix's
 * --commit-lock-file: every input that moved since HEAD, old → new with dates, however many
 * updates it took. Falls back to `fallback` when either side cannot be read.
 */
export function useLockCommitMessage(repo: string, fallback: string) {
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    Promise.all([
      call('git.headContent', { repo, path: 'flake.lock' }),
      call('files.read', { repo, path: 'flake.lock' }),
    ]).then(
      ([head, current]) => {
        if (!live) return
        const before = head.content === null ? null : tryParseLockfile(head.content)
        const after = current.content === null ? null : tryParseLockfile(current.content)
        if (!after?.ok || (before && !before.ok)) {
          setMessage(fallback)
          return
        }
        const changes = diffLocks(before?.ok ? before.lock : null, after.lock)
        setMessage(changes.length > 0 ? lockCommitMessage(changes) : fallback)
      },
      () => live && setMessage(fallback),
    )
    return () => {
      live = false
    }
  }, [repo, fallback])

  return message
}
