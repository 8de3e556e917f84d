import { AppError } from '../../src/shared/app-error'

/** The AppError `promise` rejects with; anything else it rejects with, or a success, fails the test. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}
