// Renders under the app's data layer (a fresh query cache per test, fed by the fake core's events).
import type { QueryClient } from '@tanstack/react-query'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import type { Settings } from '../../src/shared/contract'
import { DataProvider } from '../../src/renderer/src/data/DataProvider'
import { createQueryClient } from '../../src/renderer/src/data/query-client'
import { fakeCore } from './fake-core'

export function renderWithData(ui: ReactNode): RenderResult & {
  client: QueryClient
  /** Renders `next` in place of what was rendered, under the same cache. */
  update(next: ReactNode): void
} {
  const client = createQueryClient()
  const result = render(<DataProvider client={client}>{ui}</DataProvider>)
  return {
    ...result,
    client,
    update: (next) => result.rerender(<DataProvider client={client}>{next}</DataProvider>),
  }
}

export const someSettings: Settings = {
  rebuildMode: 'profile',
  rebuildSudo: false,
  rebuildExtraArgs: [],
  rebuildCustomCommand: null,
  lookBeforeSwitch: true,
  profilePath: '/nix/var/nix/profiles/system',
  rebuildProfilePath: '/nix/var/nix/profiles/system',
  inputAgeWarningDays: 90,
  formatter: 'nixfmt',
  extraProfiles: [],
  bootDir: '/boot',
}

/** settings.get and settings.set as the core answers them: one stored value, patched. */
export function serveSettings(initial: Settings = someSettings): { current(): Settings } {
  let settings = initial
  fakeCore.handle('settings.get', () => settings)
  fakeCore.handle('settings.set', (patch) => {
    settings = { ...settings, ...patch }
    return settings
  })
  return { current: () => settings }
}
