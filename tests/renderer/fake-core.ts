// A core for the renderer's tests, standing in at the page's transport edge (api/client.ts): the
// tests say how each method answers (at once, later, or with a failure), see every call made, and
// push events as the core would. The hooks and the query layer above it run as in the app.
import type { EventName, MethodName } from '../../src/shared/channels'
import type { AppStatus, EventPayload, MethodInput, MethodOutput } from '../../src/shared/contract'
import type { AppErrorData } from '../../src/shared/errors'
import { connectionStore } from '../../src/renderer/src/api/connection'

type Handler<M extends MethodName> = (
  input: MethodInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>

/** A failure the core reports (the page gets it as an ApiError). */
export class CoreRefusal extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message)
  }
}

/** An answer the test gives when it chooses: `resolve` it later. */
export interface Later<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export function later<T>(): Later<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function createFakeCore() {
  const handlers = new Map<MethodName, Handler<MethodName>>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: { method: MethodName; input: unknown }[] = []
  let connection = connectionStore({ kind: 'connected' })

  return {
    calls,
    get connection() {
      return connection
    },
    /** How `method` answers from now on. */
    handle<M extends MethodName>(method: M, handler: Handler<M>) {
      handlers.set(method, handler as unknown as Handler<MethodName>)
    },
    /** The calls made of `method`, oldest first. */
    callsOf<M extends MethodName>(method: M): MethodInput<M>[] {
      return calls.filter((c) => c.method === method).map((c) => c.input as MethodInput<M>)
    },
    /** Pushes an event to every subscriber, as the core does after a change. */
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
    },
    listenerCount(event: EventName): number {
      return listeners.get(event)?.size ?? 0
    },
    reset() {
      handlers.clear()
      listeners.clear()
      calls.length = 0
      connection = connectionStore({ kind: 'connected' })
    },
    async call(method: MethodName, input: unknown): Promise<unknown> {
      calls.push({ method, input })
      const handler = handlers.get(method)
      if (!handler) throw new Error(`The fake core has no answer for ${method}.`)
      return handler(input as never)
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }
}

export const fakeCore = createFakeCore()

/** What app.status answers for a core with a modern nix and git found; a test overrides fields. */
export function appStatus(fields: Partial<AppStatus> = {}): AppStatus {
  return {
    version: '1',
    hostname: 'box',
    shell: 'browser',
    dataDir: '/data',
    nix: {
      found: true,
      path: '/bin/nix',
      version: '2.26.3',
      flakesEnabledByConfig: true,
      capabilities: {
        flakeUpdateNamedInputs: true,
        printOutPaths: true,
        configShow: true,
        derivationShow: true,
      },
      problem: null,
    },
    git: { found: true, version: '2.47' },
    initialRepo: null,
    ...fields,
  }
}
