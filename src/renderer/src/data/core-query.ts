// Reads and changes through the query layer: a read is a query under its key (data/keys.ts) that
// calls the core; a change is a mutation that, once it succeeded, invalidates the keys it touches
// so every mounted reader of them refetches (this window; other windows learn it by events).
import {
  type InvalidateQueryFilters,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query'
import type { MethodName } from '../../../shared/channels'
import type { MethodInput, MethodOutput } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { call, errorData, type ApiError } from '../api/client'

export type CoreQueryOptions<M extends MethodName, T = MethodOutput<M>> = Omit<
  UseQueryOptions<MethodOutput<M>, ApiError, T>,
  'queryKey' | 'queryFn'
>

/**
 * Reads `method(input)` under `key`. Everything the answer depends on must be in the key (the
 * input's repo, profile, host…): the key, not the input, says which answer is shown.
 */
export function useCoreQuery<M extends MethodName, T = MethodOutput<M>>(
  key: QueryKey,
  method: M,
  input: MethodInput<M>,
  options: CoreQueryOptions<M, T> = {},
): UseQueryResult<T, ApiError> {
  return useQuery<MethodOutput<M>, ApiError, T>({
    ...options,
    queryKey: key,
    queryFn: () => call(method, input),
  })
}

/** The failure of a query or mutation as the page shows it (null when it did not fail). */
export function problemOf(error: unknown): AppErrorData | null {
  return error ? errorData(error) : null
}

/**
 * Marks the reads `filters` select as out of date; those on screen are read again. A read still
 * in flight was asked before the change, so its answer must not count: it is dropped and asked
 * again. (TanStack Query drops it by itself only when the key already had an answer; a first
 * read in flight would be kept, and its answer, older than the change, would stay.)
 */
export async function invalidate(
  client: QueryClient,
  filters: InvalidateQueryFilters,
): Promise<void> {
  await client.cancelQueries({ ...filters, fetchStatus: 'fetching' })
  await client.invalidateQueries(filters)
}

export interface CoreMutationOptions<M extends MethodName> {
  /** Keys (or prefixes) whose readers must refetch after the change succeeded. */
  invalidates?: (output: MethodOutput<M>, input: MethodInput<M>) => readonly QueryKey[]
  /** Runs after success, before the invalidation (e.g. to put the answer in the cache). */
  onSuccess?: (output: MethodOutput<M>, input: MethodInput<M>) => void
}

/** Changes something through `method`; on success the given keys are read again. */
export function useCoreMutation<M extends MethodName>(
  method: M,
  options: CoreMutationOptions<M> = {},
): UseMutationResult<MethodOutput<M>, ApiError, MethodInput<M>> {
  const client = useQueryClient()
  const { invalidates, onSuccess } = options
  return useMutation<MethodOutput<M>, ApiError, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: async (output, input) => {
      onSuccess?.(output, input)
      const stale = invalidates?.(output, input) ?? []
      await Promise.all(stale.map((queryKey) => invalidate(client, { queryKey })))
    },
  })
}
