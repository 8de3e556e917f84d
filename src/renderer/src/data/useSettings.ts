// The settings, read once for the whole window and shared by every area that shows them (Rebuild,
// Generations, the inputs age threshold, the formatter): a change made in one shows in all at
// once, and one made in another window arrives as settings.changed (event-bridge.ts).
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Settings } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { problemOf, useCoreMutation, useCoreQuery } from './core-query'
import { keys } from './keys'
import { applySettings } from './settings-cache'

/**
 * Numbers this window's changes of the settings. The core answers each with the whole settings;
 * only the newest change's answer is put in the cache, so an older answer that comes late (HTTP
 * answers can overtake each other) never undoes a newer change. Events come in order anyway.
 */
let changeCount = 0

export interface SettingsState {
  settings: Settings | null
  /** Why the settings could not be read. */
  error: AppErrorData | null
  /** Saves `patch`; resolves with the settings after it, throws ApiError when refused. */
  change(patch: Partial<Settings>): Promise<Settings>
}

export function useSettings(): SettingsState {
  const client = useQueryClient()
  const query = useCoreQuery(keys.settings(), 'settings.get', {})
  const { mutateAsync } = useCoreMutation('settings.set')
  const change = useCallback(
    async (patch: Partial<Settings>) => {
      const id = ++changeCount
      const settings = await mutateAsync(patch)
      if (id === changeCount) void applySettings(client, settings)
      return settings
    },
    [client, mutateAsync],
  )
  return { settings: query.data ?? null, error: problemOf(query.error), change }
}
