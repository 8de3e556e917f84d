import type { AppErrorData, ErrorCode } from './errors'

/** An error meant for the user: a code, a sentence, and what to do about it. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly details: string | undefined

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: string } = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.hint = options.hint
    this.details = options.details
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message }
    if (this.hint !== undefined) data.hint = this.hint
    if (this.details !== undefined) data.details = this.details
    return data
  }
}

/** Anything thrown becomes data the UI can show; unknown errors keep their text as details. */
export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData()
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return {
    code: 'internal',
    message: 'Flakedeck hit an unexpected error.',
    hint: 'Try again; if it keeps happening, report it with the details below.',
    details: text,
  }
}
