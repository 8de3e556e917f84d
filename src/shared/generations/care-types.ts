// Generations care: pins (a kept generation with its label), the clean-up policy and its preview,
// the profiles Flakedeck knows of, and the boot menu's state. Schemas the contract reuses.
import { z } from 'zod'

export const generationPinSchema = z.object({
  /** The profile link the generation belongs to. */
  profilePath: z.string(),
  number: z.number().int().nonnegative(),
  /** The generation's store path when it was pinned; its GC root points here. */
  storePath: z.string(),
  label: z.string(),
  pinnedAt: z.number(),
  /** The GC root in Flakedeck's data folder that keeps the store path from being collected. */
  gcRoot: z.string(),
})
export type GenerationPin = z.infer<typeof generationPinSchema>

export const pinLabelSchema = z
  .string()
  .trim()
  .min(1, 'A pin needs a short label, e.g. "before the GPU driver change".')
  .max(200, 'Keep the label under 200 characters.')

/**
 * What a clean-up keeps: the newest `keep` generations and every generation newer than
 * `keepSinceDays`; the current, booted and pinned ones always. A generation goes only when no
 * rule keeps it (like `nh clean --keep --keep-since`).
 */
export const cleanupPolicySchema = z
  .object({
    keep: z.number().int().min(1).max(100_000).nullable(),
    keepSinceDays: z.number().min(0).max(100_000).nullable(),
  })
  .refine((p) => p.keep !== null || p.keepSinceDays !== null, {
    message: 'Say what to keep: the newest N generations, or those newer than D days, or both.',
  })
export type CleanupPolicy = z.infer<typeof cleanupPolicySchema>

export const keepReasonSchema = z.enum(['current', 'booted', 'pinned', 'newest', 'recent'])
export type KeepReason = z.infer<typeof keepReasonSchema>

export const cleanupRowSchema = z.object({
  number: z.number().int(),
  storePath: z.string(),
  date: z.number(),
  /** Why it stays; empty when it goes. */
  keptBecause: z.array(keepReasonSchema),
  goes: z.boolean(),
  /** Bytes only this generation reaches among those that go (null when its closure is unknown). */
  ownBytes: z.number().nullable(),
})
export type CleanupRow = z.infer<typeof cleanupRowSchema>

export const cleanupPlanSchema = z.object({
  profilePath: z.string(),
  policy: z.object({ keep: z.number().nullable(), keepSinceDays: z.number().nullable() }),
  /** Newest first, every generation of the profile. */
  rows: z.array(cleanupRowSchema),
  /** The generation numbers that go, ascending. */
  goes: z.array(z.number().int()),
  /**
   * Store paths that only the generations that go reach (not the kept ones, nor any pin), from
   * the cached closures, and the sum of their NAR sizes: what the collection should free.
   */
  freedPaths: z.number().int(),
  freedBytes: z.number(),
  /** Generations that go whose closure could not be read (their bytes are not counted). */
  unknownClosures: z.array(z.number().int()),
})
export type CleanupPlan = z.infer<typeof cleanupPlanSchema>

export const cleanupResultSchema = z.object({
  plan: cleanupPlanSchema,
  deleted: z.array(z.number().int()),
  /** What nix reported after `nix-store --gc`. */
  gc: z.object({ pathsDeleted: z.number().int(), bytesFreed: z.number() }),
})
export type CleanupResult = z.infer<typeof cleanupResultSchema>

export const cleanupProgressSchema = z.object({
  profilePath: z.string(),
  phase: z.enum(['deleting', 'collecting', 'done', 'failed']),
  /** Store paths nix said it deleted so far, and how many the plan expects. */
  pathsDeleted: z.number().int(),
  pathsExpected: z.number().int(),
  message: z.string().nullable(),
})
export type CleanupProgress = z.infer<typeof cleanupProgressSchema>

export const profileKindSchema = z.enum(['system', 'home-manager', 'added'])
export type ProfileKind = z.infer<typeof profileKindSchema>

/** A profile the Generations area's switcher offers. */
export const knownProfileSchema = z.object({
  /** The profile link. */
  path: z.string(),
  kind: profileKindSchema,
  /** For the switcher: "System", "Home Manager", or the profile's name. */
  label: z.string(),
  /** How many generations it has (0 when it is missing). */
  generationCount: z.number().int(),
  /** Why it cannot be read, for a profile the user added that is gone. */
  problem: z.string().nullable(),
})
export type KnownProfile = z.infer<typeof knownProfileSchema>

export const knownProfilesSchema = z.object({
  /** The profile the area shows (the viewed-profile setting). */
  viewed: z.string(),
  profiles: z.array(knownProfileSchema),
})
export type KnownProfiles = z.infer<typeof knownProfilesSchema>

export const bootEntrySchema = z.object({
  /** The entry's file (systemd-boot) or its menu title (GRUB). */
  id: z.string(),
  title: z.string(),
  /** The generation it boots, from its name or its init path; null when neither says. */
  generation: z.number().int().nullable(),
  /** The system it boots (from `init=`), when it names one. */
  storePath: z.string().nullable(),
  isDefault: z.boolean(),
  /** A kernel or initrd the entry names that is not in the boot folder. */
  problem: z.string().nullable(),
})
export type BootEntry = z.infer<typeof bootEntrySchema>

export const bootStateSchema = z.object({
  bootDir: z.string(),
  loader: z.enum(['systemd-boot', 'grub', 'none']),
  entries: z.array(bootEntrySchema),
  totalBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  /** Why the folder could not be read, for the user. */
  problem: z.string().nullable(),
})
export type BootState = z.infer<typeof bootStateSchema>

export const bootFitSchema = z.object({
  bootDir: z.string(),
  storePath: z.string(),
  /** The kernel and initrd files the system needs copied to the boot folder, with sizes. */
  files: z.array(z.object({ path: z.string(), bytes: z.number(), present: z.boolean() })),
  neededBytes: z.number(),
  freeBytes: z.number().nullable(),
  fits: z.boolean(),
  /** What to do when it does not fit; null when it does. */
  warning: z.string().nullable(),
})
export type BootFit = z.infer<typeof bootFitSchema>
