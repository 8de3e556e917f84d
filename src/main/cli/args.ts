// Argument parsing shared by every subcommand: node's parseArgs, with errors that name the
// offending flag and point at --help.
import { parseArgs, type ParseArgsConfig } from 'node:util'

export class UsageError extends Error {}

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(
      `flakedeck ${command}: ${(error as Error).message}\nRun "flakedeck ${command} --help" for usage.`,
    )
  }
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${value}".`,
    )
  }
  return port
}
