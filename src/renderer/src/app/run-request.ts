// Lets an area send the user to one rebuild run's log in the Rebuild area ("run #8" on a
// generation built by Flakedeck): the Rebuild area, always mounted, listens and shows that run.

export interface ShowRunRequest {
  runId: number
  /** The repo the run was recorded under (its history is per repo). */
  repo: string
}

const listeners = new Set<(request: ShowRunRequest) => void>()

export function onShowRunRequest(listener: (request: ShowRunRequest) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function requestShowRun(request: ShowRunRequest): void {
  for (const listener of listeners) listener(request)
}
