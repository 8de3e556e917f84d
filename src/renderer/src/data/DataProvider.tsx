import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { connectCoreEvents } from './event-bridge'
import { createQueryClient } from './query-client'

/**
 * The query cache of this window, fed by the core's events: everything below reads through it.
 * A client can be handed in (tests); otherwise the page makes its one.
 */
export function DataProvider({ client, children }: { client?: QueryClient; children: ReactNode }) {
  const [queries] = useState(() => client ?? createQueryClient())
  useEffect(() => connectCoreEvents(queries), [queries])
  return <QueryClientProvider client={queries}>{children}</QueryClientProvider>
}
