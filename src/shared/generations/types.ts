// The Generations feature's data, as schemas the contract can reuse and the types they infer.
import { z } from 'zod'
import { errorDataSchema } from '../error-schema'

/** One store path of a closure with its NAR size in bytes. */
export const closureEntrySchema = z.object({
  path: z.string(),
  narSize: z.number().int().nonnegative(),
})
export type ClosureEntry = z.infer<typeof closureEntrySchema>

/**
 * `ok`: the store path is there; `dangling`: the link points at a store path that no longer
 * exists (garbage collected); `invalid`: the path exists but nix does not know it as valid.
 */
export const generationStateSchema = z.enum(['ok', 'dangling', 'invalid'])
export type GenerationState = z.infer<typeof generationStateSchema>

export const generationRebuildSchema = z.object({
  runId: z.number().int(),
  repo: z.string(),
  host: z.string(),
  startedAt: z.number(),
  gitCommit: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  flakeLockSha256: z.string().nullable(),
})
export type GenerationRebuild = z.infer<typeof generationRebuildSchema>

export const generationSchema = z.object({
  number: z.number().int().nonnegative(),
  /** The `system-N-link` itself. */
  linkPath: z.string(),
  /** Where the link points: the system's toplevel store path. */
  storePath: z.string(),
  /** When the generation was made (the link's own mtime), in ms since the epoch. */
  date: z.number(),
  current: z.boolean(),
  booted: z.boolean(),
  state: generationStateSchema,
  /** Why the state is not `ok`, for the user. */
  problem: z.string().nullable(),
  /** NixOS label, e.g. `24.05.20240101.abcdef`. */
  nixosVersion: z.string().nullable(),
  kernelVersion: z.string().nullable(),
  /** The flake's git revision the system was built from, when the system records one. */
  configurationRevision: z.string().nullable(),
  /** Sum of the closure's NAR sizes in bytes; null when the closure could not be read. */
  closureSize: z.number().nullable(),
  pathCount: z.number().int().nullable(),
  /** The Flakedeck rebuild that made this system, when one did (matched by store path). */
  builtBy: generationRebuildSchema.nullable().optional(),
  /** A Home Manager generation's version (its `hm-version`). */
  homeManagerVersion: z.string().nullable().optional(),
  /** A Home Manager generation's packages (of its `home-path`), `name-version`, sorted. */
  homePackages: z.array(z.string()).nullable().optional(),
  /** The user's pin (kept from clean-ups, with a GC root), when there is one. */
  pin: z.object({ label: z.string(), pinnedAt: z.number() }).nullable().optional(),
})
export type Generation = z.infer<typeof generationSchema>

export const generationTimelineSchema = z.object({
  /** The profile link (`…/profiles/system`) the generations belong to. */
  profilePath: z.string(),
  currentNumber: z.number().int().nullable(),
  /** What `/run/booted-system` points to, when there is one. */
  bootedStorePath: z.string().nullable(),
  /** Newest first. */
  generations: z.array(generationSchema),
  /**
   * Pins whose generation is gone from the profile (deleted by nix-collect-garbage -d, say):
   * their GC roots still keep the store paths, so they are listed to be unpinned.
   */
  orphanPins: z
    .array(
      z.object({
        number: z.number().int(),
        storePath: z.string(),
        label: z.string(),
        pinnedAt: z.number(),
      }),
    )
    .optional(),
  /**
   * Why closure sizes are missing (nix absent or failing), when they are; the generations are
   * listed all the same, from the file system.
   */
  closureProblem: errorDataSchema.nullable(),
})
export type GenerationTimeline = z.infer<typeof generationTimelineSchema>

export const changeKindSchema = z.enum(['added', 'removed', 'upgraded', 'downgraded', 'changed'])
export type ChangeKind = z.infer<typeof changeKindSchema>

/** One package (all its outputs and versions in a closure) that differs between two closures. */
export const packageChangeSchema = z.object({
  name: z.string(),
  kind: changeKindSchema,
  /** Versions present before / after, oldest first; '' is a path without a version. */
  oldVersions: z.array(z.string()),
  newVersions: z.array(z.string()),
  /** Outputs seen on either side (`out`, `man`, `dev`, …). */
  outputs: z.array(z.string()),
  oldSize: z.number(),
  newSize: z.number(),
  sizeDelta: z.number(),
  oldPathCount: z.number().int(),
  newPathCount: z.number().int(),
  /** Chosen by the user (referenced from the system's `sw`), not pulled in as a dependency. */
  selected: z.boolean(),
})
export type PackageChange = z.infer<typeof packageChangeSchema>

export const closureDiffTotalsSchema = z.object({
  oldSize: z.number(),
  newSize: z.number(),
  sizeDelta: z.number(),
  oldPathCount: z.number().int(),
  newPathCount: z.number().int(),
  pathCountDelta: z.number().int(),
  counts: z.record(changeKindSchema, z.number().int()),
})
export type ClosureDiffTotals = z.infer<typeof closureDiffTotalsSchema>

export const closureDiffSchema = z.object({
  /** Sorted by name. */
  changes: z.array(packageChangeSchema),
  totals: closureDiffTotalsSchema,
})
export type ClosureDiff = z.infer<typeof closureDiffSchema>

/** A generation by number in the profile, or any system by its store path. */
export const generationRefSchema = z.union([z.number().int().nonnegative(), z.string().min(1)])
export type GenerationRef = z.infer<typeof generationRefSchema>

export const comparedSystemSchema = z.object({
  storePath: z.string(),
  /** The generation number, when the store path is one of the profile's generations. */
  number: z.number().int().nullable(),
})
export type ComparedSystem = z.infer<typeof comparedSystemSchema>

export const generationComparisonSchema = closureDiffSchema.extend({
  before: comparedSystemSchema,
  after: comparedSystemSchema,
})
export type GenerationComparison = z.infer<typeof generationComparisonSchema>

/** Which generations to delete: by number, by age, or all but the newest few. */
export const deleteSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numbers'), numbers: z.array(z.number().int().nonnegative()).min(1) }),
  z.object({ kind: z.literal('olderThan'), days: z.number().int().min(1) }),
  z.object({ kind: z.literal('keepNewest'), count: z.number().int().min(1) }),
])
export type DeleteSelection = z.infer<typeof deleteSelectionSchema>

export const gcResultSchema = z.object({
  pathsDeleted: z.number().int(),
  bytesFreed: z.number(),
})
export type GcResult = z.infer<typeof gcResultSchema>

export const deleteResultSchema = z.object({
  deleted: z.array(z.number().int()),
  /** Generations the selection matched but that were kept: the current and the booted one. */
  protected: z.array(z.number().int()),
  /** Present when a garbage collection ran after the deletion. */
  gc: gcResultSchema.nullable(),
})
export type DeleteResult = z.infer<typeof deleteResultSchema>
