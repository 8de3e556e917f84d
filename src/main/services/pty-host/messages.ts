// What the app's thread and the pty host (a worker thread, see pty-worker.ts) say to each other.
// Plain objects only: they cross threads by structured clone.

/** A program to start in a pty, and how its output is batched. */
export interface PtyStart {
  /** The program's absolute path, found on PATH by the app's thread. */
  program: string
  args: string[]
  cwd?: string
  env: Record<string, string>
  /** The terminal's name (TERM). */
  name: string
  cols: number
  rows: number
  /** Output goes out in batches: every `batchMs`, or once `batchChars` have come. */
  batchMs: number
  batchChars: number
}

export interface SpawnRequest extends PtyStart {
  type: 'spawn'
  id: number
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
