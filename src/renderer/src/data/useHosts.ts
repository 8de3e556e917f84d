// The hosts the flake defines (nixosConfigurations), read once per repo for every area that lists
// them (Files, Rebuild, the Inputs prediction): one evaluation, one answer, refreshed together when
// flake.nix or flake.lock changes (event-bridge.ts) or on request.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Diagnostic } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { invalidate, problemOf, useCoreQuery } from './core-query'
import { keys } from './keys'

export interface HostsState {
  /** Null until the first answer. */
  hosts: string[] | null
  /** Why the flake's hosts could not be read: nix's evaluation error, or the call's failure. */
  error: Diagnostic | null
  loading: boolean
  /** Evaluates again (every area showing hosts gets the new answer). */
  refresh(): Promise<void>
}

/** A failed call as a diagnostic without a place, like nix's own errors of the flake. */
function callProblem(data: AppErrorData): Diagnostic {
  return {
    severity: 'error',
    message: `${data.message}${data.hint ? ` ${data.hint}` : ''}`,
    file: null,
    inRepo: false,
    line: null,
    column: null,
    trace: [],
  }
}

export function useHosts(repo: string): HostsState {
  const client = useQueryClient()
  const query = useCoreQuery(keys.hosts(repo), 'nix.hosts', { repo })
  const failure = problemOf(query.error)
  const refresh = useCallback(
    () => invalidate(client, { queryKey: keys.hosts(repo) }),
    [client, repo],
  )
  return {
    hosts: query.data?.hosts ?? null,
    error: failure ? callProblem(failure) : (query.data?.error ?? null),
    loading: query.isFetching,
    refresh,
  }
}
