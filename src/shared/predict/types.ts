// What a proposed change (an update, a pin, an edit) will do to a host, known from evaluation
// alone: the packages that change in the system, those that only change how it is built, and
// how much nix must build or fetch. Schemas the contract reuses, and the types they infer.
import { z } from 'zod'
import { closureDiffTotalsSchema, packageChangeSchema } from '../generations/types'
import type { Diagnostic } from '../contract'

/** A package change in the system, with how sure the prediction is. */
export const predictedChangeSchema = packageChangeSchema.extend({
  /**
   * False when a path of this package was reached only through a derivation not built yet,
   * whose real runtime references only its build will tell (nix keeps what the output names).
   */
  sure: z.boolean(),
  /** The kernel, systemd or the init: the change takes effect only after a reboot. */
  reboot: z.boolean(),
})
export type PredictedChange = z.infer<typeof predictedChangeSchema>

export const predictedDiffSchema = z.object({
  changes: z.array(predictedChangeSchema),
  totals: closureDiffTotalsSchema,
})
export type PredictedDiff = z.infer<typeof predictedDiffSchema>

/** What `nix-store --realise --dry-run` says the after side needs. */
export const realiseCountsSchema = z.object({
  toBuild: z.number().int(),
  /** null: unknown (offline, or a substituter could not be reached). */
  toFetch: z.number().int().nullable(),
  downloadBytes: z.number().nullable(),
  unpackedBytes: z.number().nullable(),
  /** Why fetching is unknown, in words. */
  fetchUnknownReason: z.string().nullable(),
})
export type RealiseCounts = z.infer<typeof realiseCountsSchema>

/** The running system a 'running-system' prediction compared the flake with. */
export const runningSystemSchema = z.object({
  profile: z.string(),
  /** The profile's current generation, when its link names one. */
  generation: z.number().int().nullable(),
  storePath: z.string(),
  /**
   * The derivation it was built from, when the store still holds it: both sides are then
   * compared as derivations (what only builds the system too). Null: its built closure was
   * compared, and what changes only to build the system is unknown.
   */
  drvPath: z.string().nullable(),
})
export type RunningSystem = z.infer<typeof runningSystemSchema>

export const predictionSchema = z.object({
  host: z.string(),
  beforeDrv: z.string(),
  afterDrv: z.string(),
  /** Packages that land in the system (the toplevel's runtime closure). */
  system: predictedDiffSchema,
  /** Derivations that change only what builds the system (compilers, sources, fetchers). */
  buildOnly: predictedDiffSchema,
  realise: realiseCountsSchema,
  /** When the prediction was computed (ms since the epoch); a cached one keeps its time. */
  computedAt: z.number(),
  cached: z.boolean(),
  /** Present when the before side is the running system rather than an evaluation. */
  runningSystem: runningSystemSchema.optional(),
})
export type Prediction = z.infer<typeof predictionSchema>

/**
 * An evaluation that failed, on which side, with nix's errors at their file and line. The
 * contract holds its schema (diagnostics are the contract's own), so this module stays below it.
 */
export interface PredictionEvalError {
  side: 'before' | 'after'
  message: string
  diagnostics: Diagnostic[]
}

export type PredictionResult =
  { ok: true; prediction: Prediction } | { ok: false; error: PredictionEvalError }

/** What to compare against the flake as it is. */
export const predictChangeSchema = z.discriminatedUnion('kind', [
  /** Inputs replaced by these flake references (`--override-input`), the lock left alone. */
  z.object({
    kind: z.literal('overrides'),
    overrides: z.array(z.object({ input: z.string().min(1), url: z.string().min(1) })).min(1),
  }),
  /** A proposed flake.lock (an Inputs preview's): its changed inputs become overrides. */
  z.object({ kind: z.literal('lock'), lock: z.string().min(1) }),
  /** The working tree (saved edits, uncommitted too) against the last commit. */
  z.object({ kind: z.literal('working-tree') }),
  /**
   * The working tree against the running system: the current generation of `profile` (the one
   * a switch writes), read from the store, not evaluated.
   */
  z.object({
    kind: z.literal('running-system'),
    profile: z
      .string()
      .min(1)
      .max(4096)
      .refine(
        (p) => p.startsWith('/') && !p.includes('\0'),
        'The profile must be an absolute path.',
      ),
  }),
])
export type PredictChange = z.infer<typeof predictChangeSchema>

export const predictPhaseSchema = z.enum([
  'evaluating-before',
  'evaluating-after',
  'reading-derivations',
  'reading-store',
  'dry-run',
  'comparing',
])
export type PredictPhase = z.infer<typeof predictPhaseSchema>

export const predictProgressSchema = z.object({
  phase: predictPhaseSchema,
  /** nix's current activity, when it says one ("copying '…' to the store"). */
  activity: z.string().nullable(),
})
export type PredictProgress = z.infer<typeof predictProgressSchema>
