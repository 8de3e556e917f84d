// Why a rebuild step failed, for the user: the derivation whose builder failed with its last log
// lines, or the evaluation error with the repo file and line it points to. nix reports files in
// its store copy of the flake; `nix flake metadata --json` names that copy ("path").
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  mapToRepo,
  parseInternalJsonDiagnostics,
  parseNixErrorText,
  type NixDiagnostic,
} from '../../../shared/nix/diagnostics'
import { failedDerivations } from '../../../shared/rebuild/failure'
import type { PlannedStep, RebuildDiagnostic, RebuildFailure } from '../../../shared/rebuild/types'
import type { NixService } from '../nix'
import type { PtyExit } from '../pty-runner'
import type { RebuildStep } from './rebuild-step'

/** Messages about failed builds, which the failed derivations already report. */
const buildFailureMessage = /builder for '|Cannot build '|dependenc(y|ies) of derivation '/

/** The store paths of the flake's source, as nix copies it for evaluation. */
export async function flakeSourcePaths(nix: NixService, repo: string): Promise<string[]> {
  try {
    const result = await nix.run(['flake', 'metadata', '--json', '--no-write-lock-file', repo], {
      timeoutMs: 60_000,
    })
    if (result.code !== 0) return []
    const path = (JSON.parse(result.stdout) as { path?: unknown }).path
    return typeof path === 'string' ? [path] : []
  } catch {
    return []
  }
}

async function toRepoDiagnostics(
  diagnostics: readonly NixDiagnostic[],
  repo: string,
  nix: NixService,
): Promise<RebuildDiagnostic[]> {
  const sources = diagnostics.some((d) => d.file) ? await flakeSourcePaths(nix, repo) : []
  const exists = (relative: string) => existsSync(join(repo, relative))
  return diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    file: d.file,
    repoFile: mapToRepo(d.file, repo, sources, exists),
    line: d.line,
    column: d.column,
  }))
}

function where(d: RebuildDiagnostic): string {
  const file = d.repoFile ?? d.file
  if (!file) return ''
  return ` (${file}${d.line !== null ? `:${d.line}` : ''})`
}

export interface StepFailureInput {
  step: RebuildStep
  kind: PlannedStep['kind']
  exit: PtyExit
  command: string
  repo: string
  nix: NixService
}

export async function describeStepFailure(input: StepFailureInput): Promise<RebuildFailure> {
  const { step, exit } = input
  const text = step.textTail.text()
  const derivations = failedDerivations(step.errorText.join('\n'), text, (drv) =>
    step.tracker.logTail(drv),
  )
  const parsed =
    step.messageLines.length > 0
      ? parseInternalJsonDiagnostics(step.messageLines.join('\n'))
      : parseNixErrorText(text)
  const diagnostics = await toRepoDiagnostics(
    parsed.filter((d) => !buildFailureMessage.test(d.message)),
    input.repo,
    input.nix,
  )
  const firstError = diagnostics.find((d) => d.severity === 'error')
  const exitText = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`

  if (derivations.length > 0) {
    const [first] = derivations
    const code = first!.exitCode !== null ? ` (exit code ${first!.exitCode})` : ''
    const more = derivations.length > 1 ? ` and ${derivations.length - 1} more` : ''
    return {
      kind: 'build',
      message: `Building ${first!.name} failed${code}${more}.`,
      failedDerivations: derivations,
      diagnostics: diagnostics.filter((d) => d.file !== null),
    }
  }
  const building = input.kind === 'build' || input.kind === 'rebuild'
  const evaluating = step.messageLines.length > 0 ? !step.tracker.evaluationDone : true
  if (building && evaluating && firstError && (firstError.file || step.messageLines.length > 0)) {
    return {
      kind: 'evaluation',
      message: `Evaluating the configuration failed: ${firstError.message}${where(firstError)}`,
      failedDerivations: [],
      diagnostics,
    }
  }
  const kind =
    input.kind === 'set-profile' ? 'profile' : input.kind === 'activate' ? 'activation' : 'command'
  const detail = firstError ? `: ${firstError.message}` : '.'
  return {
    kind,
    message: `${input.command} failed with ${exitText}${detail}`,
    failedDerivations: [],
    diagnostics,
  }
}
