// Typed calls to the core. A failed call throws ApiError, which carries the core's message and
// the hint of what to do.
import type { EventName, MethodName } from '../../../shared/channels'
import type { EventPayload, MethodInput, MethodOutput } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { messageOf } from '../../../shared/errors'
import type { Connection } from './connection'
import { createTransport, type Transport } from './transport'

export class ApiError extends Error {
  readonly data: AppErrorData
  constructor(data: AppErrorData) {
    super(data.message)
    this.data = data
  }
}

let transport: Transport | null = null
function current(): Transport {
  transport ??= createTransport()
  return transport
}

export async function call<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await current().call(method, input)
  if (!result.ok) throw new ApiError(result.error)
  return result.value as MethodOutput<M>
}

export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return current().subscribe(event, listener as (payload: unknown) => void)
}

export function shellKind(): 'electron' | 'browser' {
  return current().kind
}

export function errorData(error: unknown): AppErrorData {
  if (error instanceof ApiError) return error.data
  return { code: 'internal', message: messageOf(error) }
}

/** The link to the core as the page should show it (always connected in the desktop app). */
export function connection(): Connection {
  return current().connection
}
