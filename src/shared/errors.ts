// Errors travel from the core to the UI as plain data: a stable code, a sentence for the user,
// and what to do about it. Both transports carry this shape unchanged.
import type { z } from 'zod'
import type { errorDataSchema } from './error-schema'

export const errorCodes = [
  'bad-request',
  'not-found',
  'conflict',
  'formatter-missing',
  'not-a-directory',
  'not-a-git-repo',
  'not-a-flake',
  'repo-not-open',
  'nix-missing',
  'nix-unsupported',
  'git-missing',
  'command-failed',
  'timeout',
  'cancelled',
  'database',
  'unavailable',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/** An error as data; its one definition is the schema in error-schema.ts. */
export type AppErrorData = z.infer<typeof errorDataSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

export function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (errorCodes as readonly string[]).includes(v.code)
  )
}

/** What went wrong, in words: an Error's message, else the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
