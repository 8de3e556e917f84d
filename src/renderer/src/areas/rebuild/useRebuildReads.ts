// What the Rebuild area reads, through the query layer: the command a rebuild would run, the run
// history, a run looked up by id, and the comparison shown before activating. The event bridge
// reads them again when the settings, the flake or the runs change.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { RebuildAction, RebuildRun } from '../../../../shared/rebuild/types'
import { call } from '../../api/client'
import { invalidate, problemOf, useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'

/** How many past runs the side list shows. */
const historyLength = 50
/** How far back "run #N" from another area looks. */
const lookupLength = 500

/** The command a rebuild of `host` would run (none asked while no host is chosen). */
export function useRebuildPlan(repo: string, host: string | null, action: RebuildAction) {
  const query = useCoreQuery(
    keys.rebuildPlan(repo, host ?? '', action),
    'rebuild.plan',
    { repo, host: host ?? '', action },
    { enabled: host !== null },
  )
  return { plan: query.data ?? null, error: problemOf(query.error) }
}

/** The repo's recent runs, newest first, and a way to read them again (a run started here). */
export function useRunHistory(repo: string) {
  const client = useQueryClient()
  const query = useCoreQuery(keys.runHistory(repo, historyLength), 'rebuild.list', {
    repo,
    limit: historyLength,
  })
  const refresh = useCallback(
    () => invalidate(client, { queryKey: keys.runHistories(repo) }),
    [client, repo],
  )
  return { history: query.data ?? [], refresh }
}

/** Finds a recorded run of `repo` by id (null when it is no longer recorded). */
export function useFindRun() {
  const client = useQueryClient()
  return useCallback(
    async (repo: string, runId: number): Promise<RebuildRun | null> => {
      const runs = await client.fetchQuery({
        queryKey: keys.runHistory(repo, lookupLength),
        queryFn: () => call('rebuild.list', { repo, limit: lookupLength }),
      })
      return runs.find((r) => r.id === runId) ?? null
    },
    [client],
  )
}

/** The runs of `repo` going now, read afresh each time (a window attaching to one). */
export function useReadActiveRuns(repo: string) {
  const client = useQueryClient()
  return useCallback(
    () =>
      client.fetchQuery({
        queryKey: keys.activeRuns(repo),
        queryFn: () => call('rebuild.active', { repo }),
        staleTime: 0,
      }),
    [client, repo],
  )
}

/**
 * Reads a run's recorded output (null when none was kept or it cannot be read); a finished run's
 * is read once, one still going each time.
 */
export function useReadRunOutput() {
  const client = useQueryClient()
  return useCallback(
    (run: RebuildRun): Promise<string | null> =>
      client
        .fetchQuery({
          queryKey: keys.runOutput(run.id),
          queryFn: () => call('rebuild.output', { runId: run.id }),
          staleTime: run.endedAt === null ? 0 : Infinity,
        })
        .then(
          (answer) => answer.output,
          () => null,
        ),
    [client],
  )
}

/** What the built system `next` changes against `current` (none asked without a current one). */
export function useActivationComparison(
  profile: string | null,
  current: string | null,
  next: string,
) {
  const query = useCoreQuery(
    keys.comparison(profile ?? 'viewed', current ?? '', next),
    'generations.compare',
    { before: current ?? '', after: next },
    { enabled: current !== null },
  )
  return { comparison: query.data ?? null, error: problemOf(query.error) }
}
