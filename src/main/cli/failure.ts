// How a command's failure reaches the user, for the full command line (run-cli.ts) and the quick
// paths (quick-*.ts) alike: a usage error exits 2, an AppError 1 with its hint, anything else is
// a bug and is thrown on.
import { AppError } from '../../shared/app-error'
import { UsageError } from './args'
import type { CliIo } from './io'

export function failureCode(name: string, error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(`${error.message}\n`)
    return 2
  }
  if (error instanceof AppError) {
    io.err(`flakedeck ${name}: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`)
    return 1
  }
  throw error
}
