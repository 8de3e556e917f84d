// How a run ended, as its record says it: succeeded (with what the action achieved), failed (with
// the failure), or cancelled (a declined activation is no failure); and the record itself when
// the run store cannot be written.
import { gzipSync } from 'node:zlib'
import type { RebuildFailure, RebuildRun, RebuildStartInput } from '../../../shared/rebuild/types'
import type { PtyExit } from '../pty-runner'
import { packAtOnceChars, type RunLog } from './run-log'
import type { RunEnd, RunStore } from './run-store'

export type Outcome = Omit<RunEnd, 'endedAt' | 'commands' | 'compressedOutput' | 'outputTruncated'>

/** What the run had made when it ended: the system and the profile's new generation. */
export interface RunResult {
  storePath: string | null
  generation: number | null
}

/** What each action achieved, for the run's status text. */
export const successText: Record<RebuildStartInput['action'], string> = {
  switch: 'Switched to the new configuration.',
  boot: 'The new configuration will be used at the next boot.',
  test: 'Activated the new configuration for testing (the boot default is unchanged).',
  build: 'Built.',
  'dry-build': 'Dry run finished; nothing was built.',
}

/** The status text of a declined activation (the run ends well: it built what was asked). */
export const declinedText = 'Built, not activated.'

export function succeededOutcome(statusText: string, result: RunResult): Outcome {
  return { status: 'succeeded', statusText, exitCode: 0, ...result, failure: null }
}

export function cancelledOutcome(statusText: string, result: RunResult, exit?: PtyExit): Outcome {
  const failure: RebuildFailure = {
    kind: 'cancelled',
    message: statusText,
    failedDerivations: [],
    diagnostics: [],
  }
  return {
    status: 'cancelled',
    statusText,
    exitCode: exit ? exit.exitCode : null,
    ...result,
    failure: statusText === declinedText ? null : failure,
  }
}

export function failedOutcome(
  failure: RebuildFailure,
  result: RunResult,
  exit: PtyExit | null,
): Outcome {
  return {
    status: 'failed',
    statusText: failure.message,
    exitCode: exit ? exit.exitCode : null,
    ...result,
    failure,
  }
}

interface RunIdentity {
  id: number
  repo: string
  input: RebuildStartInput
  startedAt: number
  /** Resolves once what the run was made from is in its record; the end is written after it. */
  recorded?: Promise<void> | undefined
}

/**
 * Writes the end of a run to its record with its output (the log's newest part, compressed),
 * and returns the record; one that cannot be written (disk full?) is made in memory, since the
 * run has ended all the same.
 */
export async function recordEnd(
  store: RunStore,
  run: RunIdentity,
  outcome: Outcome & { commands: string[][] },
  log: RunLog,
  now: () => number,
): Promise<RebuildRun> {
  // Most of the log is packed while the run goes; only its newest part is left to pack now.
  let stored: { compressed: Buffer; truncated: boolean }
  try {
    stored = await log.packedOutput()
  } catch {
    stored = { compressed: gzipSync(''), truncated: false }
  }
  await run.recorded
  const end: RunEnd = {
    ...outcome,
    endedAt: now(),
    compressedOutput: stored.compressed,
    outputTruncated: stored.truncated,
  }
  try {
    store.finish(run.id, end)
    const record = store.get(run.id)
    if (record) return record
  } catch {
    // Not recorded; the run has ended all the same.
  }
  return recordInMemory(run, end)
}

/** Output up to this many characters is packed at once at the end (see RunLog.packedOutput). */
export const compressAtOnceChars = packAtOnceChars

/** The run's record as it would have been stored, for a run whose record could not be. */
function recordInMemory(run: RunIdentity, end: RunEnd): RebuildRun {
  const { input } = run
  return {
    id: run.id,
    repo: run.repo,
    host: input.host,
    action: input.action,
    mode: input.mode,
    commands: end.commands,
    startedAt: run.startedAt,
    endedAt: end.endedAt,
    status: end.status,
    statusText: end.statusText,
    exitCode: end.exitCode,
    gitCommit: null,
    gitDirty: null,
    flakeLockSha256: null,
    storePath: end.storePath,
    generation: end.generation,
    failure: end.failure,
    outputTruncated: end.outputTruncated,
  }
}
