// What the app's thread and the pty host (a worker thread, see pty-worker.ts) say to each other.
// Plain objects only: they cross threads by structured clone.

export interface SpawnRequest {
  type: 'spawn'
  id: number
  /** The program's absolute path, found on PATH by the app's thread. */
  program: string
  args: string[]
  cwd?: string
  env: Record<string, string>
  name: string
  cols: number
  rows: number
  batchMs: number
  batchChars: number
}

export type HostRequest =
  | SpawnRequest
  | { type: 'write'; id: number; data: string }
  | { type: 'resize'; id: number; cols: number; rows: number }

export type HostReport =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'spawn-failed'; id: number; message: string }
  /** A batch of output, in order. */
  | { type: 'data'; id: number; data: string }
  /** Sent after the last data of the program. */
  | { type: 'exit'; id: number; exitCode: number; signal: number | null }
