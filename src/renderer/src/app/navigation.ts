// Lets one area send the user to another: a build error's file and line opens in the editor…
import type { AreaId } from '../workspace/areas'

export interface OpenFileRequest {
  path: string
  /** 1-based; 0 opens the file where its cursor was. */
  line: number
  column: number
}

const listeners = new Set<(request: OpenFileRequest) => void>()

export function onOpenFileRequest(listener: (request: OpenFileRequest) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function requestOpenFile(request: OpenFileRequest): void {
  for (const listener of listeners) listener(request)
}

// …and an area that started something another area shows (a switch's terminal in Rebuild) sends
// the user there.
const areaListeners = new Set<(area: AreaId) => void>()

export function onShowAreaRequest(listener: (area: AreaId) => void): () => void {
  areaListeners.add(listener)
  return () => areaListeners.delete(listener)
}

export function requestShowArea(area: AreaId): void {
  for (const listener of areaListeners) listener(area)
}

// …and Generations sends the user to the commit a generation was built from, in the Files area's
// history. The Files area loads on demand: a request made before it listens waits for it.
export interface ShowCommitRequest {
  repo: string
  /** The full commit hash. */
  hash: string
}

const commitListeners = new Set<(request: ShowCommitRequest) => void>()
let pendingCommit: ShowCommitRequest | null = null

export function onShowCommitRequest(listener: (request: ShowCommitRequest) => void): () => void {
  commitListeners.add(listener)
  if (pendingCommit) {
    const request = pendingCommit
    pendingCommit = null
    listener(request)
  }
  return () => commitListeners.delete(listener)
}

export function requestShowCommit(request: ShowCommitRequest): void {
  if (commitListeners.size === 0) pendingCommit = request
  for (const listener of commitListeners) listener(request)
}
