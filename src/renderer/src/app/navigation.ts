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
