// Core events → the query cache. The core pushes what changed (from this window, another window,
// the CLI's server or another program on disk); here each event invalidates the keys of the reads
// it changes, so every area that shows them refetches: one place that knows what depends on what.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { EventName } from '../../../shared/channels'
import type { EventPayload } from '../../../shared/contract'
import { connection, subscribe } from '../api/client'
import { invalidate } from './core-query'
import { keys } from './keys'
import { applySettings } from './settings-cache'

/** Files whose change can change the flake's hosts and inputs (re-evaluating on every save of any
 * .nix file would run nix for each keystroke-save; a host is declared in flake.nix). */
const flakeFiles = new Set(['flake.nix', 'flake.lock'])

/** A burst of file events (a git checkout, a formatter) becomes one refetch per key. */
const fileEventDelayMs = 200

/** How long a finished run's refetches wait for a frame a hidden window may never draw. */
const hiddenPaintWaitMs = 200

/**
 * Subscribes `client` to the core's events and to the connection's resume; returns the
 * unsubscribe. Mounted once, under the app's QueryClientProvider.
 */
export function connectCoreEvents(client: QueryClient): () => void {
  const refresh = (queryKey: QueryKey) => invalidate(client, { queryKey })

  // Batched for bursts: the keys pending, by their JSON.
  const pending = new Map<string, QueryKey>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const invalidateSoon = (stale: readonly QueryKey[]) => {
    for (const key of stale) pending.set(JSON.stringify(key), key)
    timer ??= setTimeout(() => {
      timer = null
      const batch = [...pending.values()]
      pending.clear()
      for (const key of batch) void refresh(key)
    }, fileEventDelayMs)
  }

  // A finished run's refetches (history, active runs, generations) wait until the outcome has
  // painted: asked in the same turn, their requests and answers took the page's CPU (and the
  // core's) before the user saw the run end. A hidden window draws no frames: then a short
  // timer stands in, so the reads are not held until it is shown.
  const afterPaintKeys = new Map<string, QueryKey>()
  let frame: number | null = null
  let afterPaint: ReturnType<typeof setTimeout> | null = null
  let fallback: ReturnType<typeof setTimeout> | null = null
  const refreshAfterPaint = (stale: readonly QueryKey[]) => {
    for (const key of stale) afterPaintKeys.set(JSON.stringify(key), key)
    if (frame !== null || fallback !== null || afterPaint !== null) return
    const painted = () => {
      if (frame !== null) cancelAnimationFrame(frame)
      if (fallback !== null) clearTimeout(fallback)
      frame = fallback = null
      // The frame callback runs before the paint; the reads go after it.
      afterPaint ??= setTimeout(() => {
        afterPaint = null
        const batch = [...afterPaintKeys.values()]
        afterPaintKeys.clear()
        for (const key of batch) void refresh(key)
      }, 0)
    }
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(painted)
    fallback = setTimeout(painted, hiddenPaintWaitMs)
  }

  const on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
    subscribe(event, listener)

  const offs = [
    on('settings.changed', (settings) => void applySettings(client, settings)),
    on('repo.changed', (info) => {
      client.setQueryData(keys.repoInfo(info.path), info)
      // A commit, a discard or a checkout: git's view of the repo and the lock's commit state.
      for (const key of [
        keys.git(info.path),
        keys.fileTree(info.path),
        keys.inputsOverview(info.path),
      ])
        void refresh(key)
    }),
    on('files.changed', ({ repo, path }) => {
      const stale: QueryKey[] = [keys.fileTree(repo), keys.gitStatus(repo)]
      if (flakeFiles.has(path))
        stale.push(keys.hosts(repo), keys.inputs(repo), keys.rebuildPlans(repo))
      invalidateSoon(stale)
    }),
    on('inputs.changed', ({ repo }) => {
      // The lock (and maybe flake.nix) was written: the inputs, the hosts' plans, git's status.
      for (const key of [
        keys.inputs(repo),
        keys.rebuildPlans(repo),
        keys.git(repo),
        keys.fileTree(repo),
      ])
        void refresh(key)
    }),
    on('generations.changed', ({ profile }) => {
      const stale: QueryKey[] = [keys.profiles(), keys.boot()]
      if (profile) stale.push(keys.profile(profile), keys.profile('viewed'))
      else stale.push(keys.generations())
      for (const key of stale) void refresh(key)
    }),
    on('rebuild.finished', ({ run }) => {
      // The run joins the history; a switch or boot made a generation and moved a profile.
      refreshAfterPaint([
        keys.runHistories(run.repo),
        keys.activeRuns(run.repo),
        keys.generations(),
      ])
    }),
    // Browser mode, back in touch with the server: events sent meanwhile are gone, so nothing
    // read before counts. What is not about a repo is read again now; a repo's reads once the
    // app has opened it on the server again (useAppState), which it announces as the resync.
    connection().onResume(() => {
      void invalidate(client, { predicate: (query) => query.queryKey[0] !== 'repo' })
      // (The repo's info is what the app asks to open it again: left to it.)
      void invalidate(client, {
        predicate: (query) => query.queryKey[0] === 'repo' && query.queryKey[2] !== 'info',
        refetchType: 'none',
      })
    }),
    connection().onResynced(() => {
      void invalidate(client, {
        predicate: (query) => query.queryKey[0] === 'repo' && query.queryKey[2] !== 'info',
      })
    }),
  ]

  return () => {
    for (const off of offs) off()
    if (timer) clearTimeout(timer)
    if (frame !== null) cancelAnimationFrame(frame)
    if (fallback !== null) clearTimeout(fallback)
    if (afterPaint !== null) clearTimeout(afterPaint)
  }
}
