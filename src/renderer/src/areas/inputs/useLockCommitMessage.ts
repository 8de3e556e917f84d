import { useMemo } from 'react'
import { diffLocks, lockCommitMessage } from '../../../../shared/lockfile/lock-diff'
import { tryParseLockfile } from '../../../../shared/lockfile/parse-lockfile'
import { useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/**
 * The commit message for flake.lock as it stands against the last commit, in the shape of nix's
 * --commit-lock-file: every input that moved since HEAD, old → new with dates, however many
 * updates it took. Falls back to `fallback` when either side cannot be read; null while reading.
 */
export function useLockCommitMessage(repo: string, fallback: string) {
  // HEAD's lock changes with a commit (repo.changed), the file's with a write (inputs.changed).
  const head = useCoreQuery([...keys.git(repo), 'head', 'flake.lock'], 'git.headContent', {
    repo,
    path: 'flake.lock',
  })
  const current = useCoreQuery([...keys.inputs(repo), 'file', 'flake.lock'], 'files.read', {
    repo,
    path: 'flake.lock',
  })
  return useMemo(() => {
    if (head.isError || current.isError) return fallback
    if (!head.data || !current.data) return null
    const before = head.data.content === null ? null : tryParseLockfile(head.data.content)
    const after = current.data.content === null ? null : tryParseLockfile(current.data.content)
    if (!after?.ok || (before && !before.ok)) return fallback
    const changes = diffLocks(before?.ok ? before.lock : null, after.lock)
    return changes.length > 0 ? lockCommitMessage(changes) : fallback
  }, [head.isError, head.data, current.isError, current.data, fallback])
}
