// nix's failures, worded for the Inputs area: the most telling line of what nix printed, and
// whether an input could not be reached (a url, the network) or nix failed for another reason.
// Every message says that flake.lock was left as it was, because it always is (nix only ever
// runs on a copy of the flake).
import { AppError } from '../../../shared/app-error'
import type { RunResult } from '../process-runner'

/** The most telling lines of a nix error, for a one-line message. */
export function nixErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim())
  const fatal = lines.find((line) => /^fatal:/.test(line))
  const error = lines.find((line) => /^error:/.test(line) && !/program 'git' failed/.test(line))
  return (fatal ?? error ?? lines.filter(Boolean).pop() ?? '').replace(/^(fatal|error):\s*/, '')
}

const unreachablePattern =
  /does not appear to be a git repository|Could not read from remote|unable to download|resolve host|Connection refused|not found|No such file|does not exist|couldn't find remote ref|HTTP error/i

/** A failed lock command, `what` being what it was doing ("updating") to `inputs`. */
export function nixLockFailure(
  result: RunResult,
  what: string,
  inputs: readonly string[],
): AppError {
  const line = nixErrorLine(result.stderr)
  const unreachable = unreachablePattern.test(result.stderr)
  const subject =
    inputs.length === 1 ? `input "${inputs[0]}"` : inputs.length > 1 ? 'the inputs' : 'an input'
  const message = unreachable
    ? `Could not reach ${subject} while ${what}${line ? `: ${line}` : '.'}`
    : `nix failed while ${what}${line ? `: ${line}` : '.'}`
  return new AppError('command-failed', message, {
    hint: unreachable
      ? "Check the input's url in flake.nix and your network. flake.lock was left unchanged."
      : 'flake.lock was left unchanged. The details show what nix said.',
    details: result.stderr.slice(-8000),
  })
}
