// Carrying out a clean-up the user previewed: the generations that go are deleted
// (`nix-env --delete-generations`), then garbage is collected (`nix-store --gc`) with progress
// counted from nix's own lines, and nix's count is returned beside the prediction. It refuses
// to start when the generations changed since the preview.
import type {
  CleanupPlan,
  CleanupProgress,
  CleanupResult,
} from '../../../shared/generations/care-types'
import { AppError } from '../../../shared/app-error'
import type { RunOptions, RunResult } from '../process-runner'
import { countDeletedPaths } from './cleanup-plan'
import { parseGcSummary } from './gc-summary'
import { summarizeNumbers } from './generation-refs'
import type { NixTool } from './nix-tools'
import { messageOf } from '../../../shared/errors'

export interface CleanupRunOptions {
  signal?: AbortSignal
  /** The generations the user saw go in the preview; the clean-up stops if that changed. */
  expectedGoes?: readonly number[]
  onProgress?: (progress: CleanupProgress) => void
}

type RunTool = (tool: NixTool, args: readonly string[], options: RunOptions) => Promise<RunResult>

export async function runCleanup(
  plan: CleanupPlan,
  runTool: RunTool,
  options: CleanupRunOptions = {},
): Promise<CleanupResult> {
  if (options.expectedGoes && !sameNumbers(options.expectedGoes, plan.goes)) {
    throw new AppError(
      'conflict',
      'The generations changed since the preview, so the clean-up did not start.',
      { hint: `Look at the preview again: it now deletes ${describeNumbers(plan.goes)}.` },
    )
  }
  const signal = options.signal ? { signal: options.signal } : {}
  const report = (progress: Omit<CleanupProgress, 'profilePath' | 'pathsExpected'>) =>
    options.onProgress?.({
      profilePath: plan.profilePath,
      pathsExpected: plan.freedPaths,
      ...progress,
    })
  try {
    if (plan.goes.length > 0) {
      report({ phase: 'deleting', pathsDeleted: 0, message: null })
      await runTool(
        'nix-env',
        ['-p', plan.profilePath, '--delete-generations', ...plan.goes.map(String)],
        signal,
      ).catch((error: unknown) => {
        throw withRootHint(error, plan.profilePath)
      })
    }
    let deleted = 0
    let partial = ''
    report({ phase: 'collecting', pathsDeleted: 0, message: null })
    const result = await runTool('nix-store', ['--gc'], {
      ...signal,
      timeoutMs: 0,
      onStderr: (chunk) => {
        // Lines can arrive split across chunks; only whole lines are counted.
        const text = partial + chunk
        const end = text.lastIndexOf('\n')
        partial = end === -1 ? text : text.slice(end + 1)
        if (end === -1) return
        const counted = countDeletedPaths(text.slice(0, end))
        if (counted === 0) return
        deleted += counted
        report({ phase: 'collecting', pathsDeleted: deleted, message: null })
      },
    })
    const gc = parseGcSummary(`${result.stdout}\n${result.stderr}`)
    report({ phase: 'done', pathsDeleted: gc.pathsDeleted, message: null })
    return { plan, deleted: plan.goes, gc }
  } catch (error) {
    report({
      phase: 'failed',
      pathsDeleted: 0,
      message: messageOf(error),
    })
    throw error
  }
}

/**
 * A profile folder Flakedeck may not write (the system profile belongs to root) fails with
 * nix's "Permission denied" or "Read-only file system"; say how to run it instead.
 */
function withRootHint(error: unknown, profilePath: string): unknown {
  if (!(error instanceof AppError)) return error
  if (!/Permission denied|Read-only file system/.test(`${error.message}\n${error.details ?? ''}`)) {
    return error
  }
  return new AppError(
    'command-failed',
    `Flakedeck may not delete generations of ${profilePath}; nothing was deleted.`,
    {
      hint: 'Its folder belongs to root (or is read-only). Run the clean-up as root: sudo flakedeck clean --profile PROFILE --keep N (add --dry-run to look first).',
      ...(error.details ? { details: error.details } : {}),
    },
  )
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  const sorted = [...a].sort((x, y) => x - y)
  return sorted.length === b.length && sorted.every((n, i) => n === b[i])
}

function describeNumbers(numbers: readonly number[]): string {
  return numbers.length === 0 ? 'no generation' : `generations ${summarizeNumbers(numbers)}`
}
