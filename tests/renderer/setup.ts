// Set-up of every renderer test (vitest.config.ts): the page's transport (api/client.ts) is the
// fake core, whose handlers and listeners start empty for each test; what a test rendered is
// unmounted after it. ApiError and errorData stay the real ones, so failures read as in the app.
import { cleanup } from '@testing-library/react'
import { afterEach, vi } from 'vitest'
import type * as Client from '../../src/renderer/src/api/client'
import { fakeCore } from './fake-core'

afterEach(() => {
  cleanup()
  fakeCore.reset()
})

vi.mock('../../src/renderer/src/api/client', async (importOriginal) => {
  const real = await importOriginal<typeof Client>()
  const { fakeCore, CoreRefusal } = await import('./fake-core')
  return {
    ...real,
    call: async (method: string, input: unknown) => {
      try {
        return await fakeCore.call(method as never, input)
      } catch (error) {
        if (error instanceof CoreRefusal) throw new real.ApiError(error.data)
        throw error
      }
    },
    subscribe: (event: string, listener: (payload: unknown) => void) =>
      fakeCore.subscribe(event as never, listener),
    connection: () => fakeCore.connection,
    shellKind: () => 'browser' as const,
  }
})
