// Unexpected errors in browser mode: the full text (a stack trace, paths) goes to the terminal
// running `flakedeck serve`, under a short id; the page gets a sentence and that id, nothing more.
import { randomBytes } from 'node:crypto'
import type { AppErrorData } from '../../shared/errors'

export type ServerLog = (line: string) => void

export function newErrorId(): string {
  return randomBytes(4).toString('hex')
}

/** Logs `detail` under a new id and returns what the client may see. */
export function reportUnexpected(log: ServerLog, detail: string, message?: string): AppErrorData {
  const id = newErrorId()
  log(`flakedeck serve: unexpected error ${id}: ${detail}\n`)
  return {
    code: 'internal',
    message: `${message ?? 'Flakedeck hit an unexpected error.'} (error id ${id})`,
    hint: `Try again. The details are in the terminal running "flakedeck serve", under error id ${id}; include them if you report it.`,
  }
}

/** A core error as the client may see it: internal errors lose their details to the log. */
export function forClient(error: AppErrorData, log: ServerLog): AppErrorData {
  if (error.code !== 'internal') return error
  const detail = [error.message, error.details].filter(Boolean).join('\n')
  return reportUnexpected(log, detail, error.message)
}

export function describeThrown(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
