// The renderer's one data layer: TanStack Query over the typed `call` of api/client.ts.
//
// Why TanStack Query (and not a hand-written cache, SWR or a global store): it is the ecosystem's
// well-kept answer to exactly the four things the areas each did their own way before:
// - keys: every answer is stored under the key of what it is about (data/keys.ts), so a slow
//   answer for an older key lands under that key and never shows for a newer one, and every
//   component reading the same key sees one copy (settings, hosts, repo state);
// - invalidation by key prefix, which our core events map onto (data/event-bridge.ts), with
//   refetching limited to what is on screen (`refetchType: 'active'`), the rest marked stale;
// - deduplication: two areas mounting the same read make one call to the core;
// - a refetch started by an invalidation cancels the one in flight for that key (its answer is
//   dropped), so an older answer never overwrites a newer one for the same key either.
// SWR has keys and dedup but no prefix invalidation or mutation layer; a store (zustand, redux)
// would have us write the caching, dedup and race handling ourselves. TanStack Query is framework
// agnostic at its core, has no dependencies, and is typed end to end.
import { QueryClient } from '@tanstack/react-query'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The core tells us when data changes (events) and the page when it reconnected; an
        // answer stays good until then. Refetching on every mount or focus would re-run nix
        // evaluations (hosts, timelines) for nothing.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // A failed call carries the core's message and hint (ApiError): show it, do not retry
        // nix or git three times first.
        retry: false,
        // Data of areas left a while ago goes, so a long session does not keep every timeline.
        gcTime: 5 * 60_000,
      },
      mutations: { retry: false },
    },
  })
}
