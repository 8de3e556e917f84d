import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { VersionChoices } from '../../../../shared/lockfile/schemas'
import { call, errorData } from '../../api/client'

/**
 * The branches, tags and recent commits an input can move to. The first time for a repository
 * the core clones its history, which can take a while; mount this per input (key by name).
 */
export function useVersionChoices(repo: string, name: string) {
  const [state, setState] = useState<{
    choices: VersionChoices | null
    error: AppErrorData | null
  } | null>(null)

  useEffect(() => {
    let live = true
    call('inputs.versions', { repo, name }).then(
      (choices) => live && setState({ choices, error: null }),
      (e: unknown) => live && setState({ choices: null, error: errorData(e) }),
    )
    return () => {
      live = false
    }
  }, [repo, name])

  return {
    choices: state?.choices ?? null,
    error: state?.error ?? null,
    loading: state === null,
  }
}
