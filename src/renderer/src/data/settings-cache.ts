// The settings in the query cache, and the reads that follow them: a new value (a change made in
// this window, or settings.changed from any window) replaces the one copy every area shows, and
// what was computed from the settings that changed is read again.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { Settings } from '../../../shared/contract'
import { invalidate } from './core-query'
import { keys } from './keys'

/** Keys inside every repo: ['repo', path, ...part]. */
const inEveryRepo =
  (...part: string[]) =>
  (queryKey: QueryKey) =>
    queryKey[0] === 'repo' && part.every((p, i) => queryKey[i + 2] === p)

/** The settings the rebuild command is built from. */
const rebuildSettings: (keyof Settings)[] = [
  'rebuildMode',
  'rebuildSudo',
  'rebuildExtraArgs',
  'rebuildCustomCommand',
  'lookBeforeSwitch',
  'rebuildProfilePath',
]

/** The reads that follow the settings that changed: keys (prefixes) or tests of keys. */
function dependents(
  before: Settings | undefined,
  after: Settings,
): (QueryKey | ((key: QueryKey) => boolean))[] {
  const changed = (name: keyof Settings) =>
    !before || JSON.stringify(before[name]) !== JSON.stringify(after[name])
  const stale: (QueryKey | ((key: QueryKey) => boolean))[] = []
  // The rebuild command, and a generation's activation, are built from the rebuild settings; in
  // profile mode the profile rebuilds write is also the switcher's system profile and the one
  // the boot menu reads.
  if (rebuildSettings.some(changed)) {
    stale.push(
      inEveryRepo('rebuild', 'plan'),
      ['generations', 'profile'],
      keys.profiles(),
      keys.boot(),
    )
  }
  // The viewed profile's reads, and the switcher's choice of it.
  if (changed('profilePath') || changed('extraProfiles')) {
    stale.push(keys.profile('viewed'), keys.profiles())
  }
  // The core marks stale inputs with this threshold.
  if (changed('inputAgeWarningDays')) stale.push(inEveryRepo('inputs', 'overview'))
  if (changed('bootDir')) stale.push(keys.boot(), ['generations', 'boot-fit'])
  return stale
}

/** Puts `settings` in the cache and reads again what depends on the settings that changed. */
export async function applySettings(client: QueryClient, settings: Settings): Promise<void> {
  const before = client.getQueryData<Settings>(keys.settings())
  client.setQueryData(keys.settings(), settings)
  await Promise.all(
    dependents(before, settings).map((stale) =>
      typeof stale === 'function'
        ? invalidate(client, { predicate: (query) => stale(query.queryKey) })
        : invalidate(client, { queryKey: stale }),
    ),
  )
}
