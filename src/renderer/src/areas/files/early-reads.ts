// The editor's first reads, asked for as soon as the page knows which repo is open, while the
// workspace's and Monaco's chunks are still loading: the last session's tabs (`session.get`) and
// the text of each file in them. The Files area takes each answer once when it opens those tabs,
// instead of asking only after Monaco has run and the area has mounted (150–300 ms later).
// A buffer's base must be the disk as it is now, so an answer is not used once the file changed
// on disk after it was asked for (the area reads it again), nor after a while.
import type { MethodOutput } from '../../../../shared/contract'
import { call, subscribe } from '../../api/client'

type SessionRead = Promise<MethodOutput<'session.get'>>
type FileRead = Promise<MethodOutput<'files.read'>>

/** Answers older than this are not used: the area opens well before on any machine. */
const keptMs = 15_000

interface EarlyReads {
  repo: string
  session: SessionRead | null
  files: Map<string, FileRead>
  end(): void
}

let early: EarlyReads | null = null

function drop(reads: EarlyReads): void {
  reads.end()
  if (early === reads) early = null
}

/** Starts the editor's first reads for `repo`, unless they are started and not yet taken. */
export function readEditorSessionEarly(repo: string): void {
  if (early?.repo === repo && early.session) return
  if (early) drop(early)
  const files = new Map<string, FileRead>()
  const session = call('session.get', { repo })
  const stopListening = subscribe('files.changed', (change) => {
    if (change.repo === repo) files.delete(change.path)
  })
  const timer = setTimeout(() => drop(reads), keptMs)
  const reads: EarlyReads = {
    repo,
    session,
    files,
    end: () => {
      stopListening()
      clearTimeout(timer)
      files.clear()
    },
  }
  early = reads
  session.then(
    (state) => {
      if (early !== reads) return
      for (const path of state.openFiles) {
        const read = call('files.read', { repo, path })
        // Whoever takes it handles its failure; one nobody takes must not be reported as unhandled.
        read.catch(() => undefined)
        files.set(path, read)
      }
    },
    () => drop(reads),
  )
}

/** The early `session.get` answer for `repo`, once; null when there is none to take. */
export function takeEarlySession(repo: string): SessionRead | null {
  if (early?.repo !== repo || !early.session) return null
  const session = early.session
  early.session = null
  return session
}

/** The early `files.read` answer for `path`, once; null when there is none, or it is stale. */
export function takeEarlyFileRead(repo: string, path: string): FileRead | null {
  if (early?.repo !== repo) return null
  const read = early.files.get(path) ?? null
  early.files.delete(path)
  return read
}

/** Forgets every early read (a test's clean slate; a repo closed). */
export function forgetEarlyReads(): void {
  if (early) drop(early)
}
