// Evaluating a host's `config.system.build.toplevel.drvPath` for one side of a prediction, with
// live progress from nix's internal-json and errors placed at their file and line. Evaluations
// whose inputs are fixed (locked overrides, a revision or the repo's fingerprint) are remembered,
// so predicting the same change again evaluates nothing.
import { createHash } from 'node:crypto'
import type { Diagnostic } from '../../../shared/contract'
import { parseInternalJsonDiagnostics, parseNixErrorText } from '../../../shared/nix/diagnostics'
import { stripAnsi } from '../../../shared/nix/ansi'
import type { PredictPhase } from '../../../shared/predict/types'
import { attrName } from '../nix-check/nix-check-service'
import { toRepoDiagnostic } from '../nix-check/diagnostics-mapper'
import type { NixService } from '../nix'
import { flakeFingerprint } from './flake-fingerprint'
import type { PredictOptions } from './predict-options'
import type { Side } from './prediction-sides'
import { flakeSourcePaths } from '../nix-check/flake-source'

export const evalTimeoutMs = 600_000
/** Evaluations remembered (a key and a derivation path each). */
const evaluationsKept = 128

/** A flake reference that always names the same source: a git revision or a NAR hash. */
function isLocked(url: string): boolean {
  return /[?&](rev=[0-9a-f]{40}|narHash=)|\/[0-9a-f]{40}(?:[?#]|$)/.test(url)
}
const readOnly = ['--no-write-lock-file'] as const

export type Evaluated =
  { ok: true; drvPath: string } | { ok: false; message: string; diagnostics: Diagnostic[] }

/** Repo fingerprints by flake reference, computed once for both sides of one prediction. */
export type Fingerprints = Map<string, Promise<string | null>>

export class ToplevelEvaluator {
  /** Derivation paths by what the evaluation read (see memoKey), most recent last. */
  private readonly evaluations = new Map<string, string>()

  constructor(
    private readonly nix: NixService,
    /** `--store URI` or nothing (NixTools.storeArgs). */
    private readonly storeArgs: readonly string[],
  ) {}

  async evaluate(
    dir: string,
    host: string,
    side: Side,
    phase: PredictPhase,
    options: PredictOptions,
    fingerprints: Fingerprints,
  ): Promise<Evaluated> {
    const key = options.refresh ? null : await this.memoKey(side, host, fingerprints)
    const known = key === null ? undefined : this.evaluations.get(key)
    if (known) return { ok: true, drvPath: known }
    const evaluated = await this.evaluateNow(dir, host, side, phase, options)
    if (evaluated.ok && key !== null) {
      this.evaluations.set(key, evaluated.drvPath)
      while (this.evaluations.size > evaluationsKept) {
        this.evaluations.delete(this.evaluations.keys().next().value!)
      }
    }
    return evaluated
  }

  /**
   * What an evaluation depends on, when it can be known without evaluating: locked overrides and
   * either a flake reference fixed to a revision or the repo's fingerprint. Null: evaluate.
   */
  private async memoKey(
    side: Side,
    host: string,
    fingerprints: Fingerprints,
  ): Promise<string | null> {
    if (!side.overrides.every((o) => isLocked(o.url))) return null
    const fixed = /^git\+file:.*[?&]rev=[0-9a-f]{40}/.test(side.flakeRef)
    let pending = fingerprints.get(side.flakeRef)
    if (!fixed && !pending) {
      pending = flakeFingerprint(side.flakeRef)
      fingerprints.set(side.flakeRef, pending)
    }
    const fingerprint = fixed ? '' : await pending!
    if (fingerprint === null) return null
    return createHash('sha256')
      .update(JSON.stringify([side.flakeRef, host, side.overrides, fingerprint]))
      .digest('hex')
  }

  private async evaluateNow(
    dir: string,
    host: string,
    side: Side,
    phase: PredictPhase,
    options: PredictOptions,
  ): Promise<Evaluated> {
    const attr = `nixosConfigurations.${attrName(host)}.config.system.build.toplevel.drvPath`
    const overrideArgs = side.overrides.flatMap((o) => ['--override-input', o.input, o.url])
    let pending = ''
    const result = await this.nix.run(
      [
        'eval',
        '--raw',
        ...readOnly,
        ...this.storeArgs,
        `${side.flakeRef}#${attr}`,
        ...overrideArgs,
        '--log-format',
        'internal-json',
      ],
      {
        timeoutMs: evalTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        onStderr: (chunk) => {
          pending += chunk
          const lines = pending.split('\n')
          pending = lines.pop() ?? ''
          for (const line of lines) {
            const activity = activityText(line)
            if (activity) options.onProgress?.({ phase, activity })
          }
        },
      },
    )
    if (result.code === 0) return { ok: true, drvPath: result.stdout.trim() }
    const found = parseInternalJsonDiagnostics(result.stderr)
    const raw = found.length > 0 ? found : parseNixErrorText(result.stderr)
    const sources = raw.some((d) => d.file?.startsWith('/nix/store/'))
      ? await flakeSourcePaths(this.nix, side.flakeRef)
      : []
    const diagnostics = raw.map((d) => toRepoDiagnostic(d, dir, sources))
    const error = diagnostics.find((d) => d.severity === 'error')
    const message =
      error?.message ??
      result.stderr.trim().split('\n').pop() ??
      `nix eval failed (exit ${result.code})`
    return { ok: false, message, diagnostics }
  }
}

/** The text of an internal-json `start` line ("copying '…' to the store"), if it has one. */
export function activityText(line: string): string | null {
  if (!line.startsWith('@nix ')) return null
  try {
    const entry = JSON.parse(line.slice(5)) as { action?: unknown; text?: unknown }
    if (entry.action !== 'start' || typeof entry.text !== 'string') return null
    // nix colours store paths in its messages, JSON or not; the app shows the text as text.
    const text = stripAnsi(entry.text)
    return text !== '' ? text : null
  } catch {
    return null
  }
}
