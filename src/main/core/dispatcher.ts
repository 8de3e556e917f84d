// The one way into the core for both transports: the method is looked up, its payload validated
// against the shared contract, and only then a handler runs. Every failure comes back as a
// Result with the error's message and hint, never as a thrown exception.
import { methodNames, type MethodName } from '../../shared/channels'
import { AppError, toErrorData } from '../../shared/app-error'
import { contract } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { describeValidationError } from '../../shared/validation'
import type { CoreMethod, Handlers, ShellHandlers } from './handler-types'

export type Dispatch = (
  method: string,
  input: unknown,
  shellHandlers?: Partial<ShellHandlers>,
) => Promise<Result<unknown>>

function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name)
}

type AnyHandler = (input: unknown) => unknown

export function createDispatcher(handlers: Handlers<CoreMethod>): Dispatch {
  return async (method, input, shellHandlers = {}) => {
    try {
      if (!isMethodName(method)) {
        throw new AppError('bad-request', `Unknown call "${method}".`)
      }
      const parsed = contract[method].input.safeParse(input ?? {})
      if (!parsed.success) {
        throw new AppError(
          'bad-request',
          `Invalid request for ${method}: ${describeValidationError(parsed.error)}`,
        )
      }
      const handler =
        (handlers as Record<string, AnyHandler | undefined>)[method] ??
        (shellHandlers as Record<string, AnyHandler | undefined>)[method]
      if (!handler) {
        throw new AppError('unavailable', `"${method}" is only available in the desktop app.`)
      }
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (error) {
      return { ok: false, error: toErrorData(error) }
    }
  }
}
