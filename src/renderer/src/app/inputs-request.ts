// Lets the command palette ask the Inputs area for a change's preview ("Inputs: update nixpkgs"):
// the area opens the same preview its buttons do, so nothing is written before the user applies
// it. The Inputs area mounts on demand: a request made before it listens waits for it.
import type { UpdateSpec } from '../../../shared/lockfile/schemas'

const listeners = new Set<(spec: UpdateSpec) => void>()
let pending: UpdateSpec | null = null

export function onInputsPreviewRequest(listener: (spec: UpdateSpec) => void): () => void {
  listeners.add(listener)
  if (pending) {
    const spec = pending
    pending = null
    listener(spec)
  }
  return () => listeners.delete(listener)
}

export function requestInputsPreview(spec: UpdateSpec): void {
  if (listeners.size === 0) pending = spec
  for (const listener of listeners) listener(spec)
}
