// Lets one area send the user to another: a build error's file and line opens in the editor.
export interface OpenFileRequest {
  path: string
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
