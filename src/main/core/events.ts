import type { EventName } from '../../shared/channels'
import type { EventPayload } from '../../shared/contract'

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** Events the core pushes to every connected UI (both transports subscribe here). */
export class EventHub {
  private readonly listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload)
  }
}
