// Schemas for what the Inputs feature sends to the UI and accepts from it, so the contract can
// validate both at the edge. The view-model types themselves live beside the code that builds
// them; each schema is checked against its type here.
import { z } from 'zod'
import type { PinTarget } from './flake-ref'
import type { DuplicateGroup, InputRow, InputTree } from './input-tree'
import type { InputChange, LockedSide } from './lock-diff'

export const inputRowSchema = z.object({
  id: z.string(),
  path: z.array(z.string()),
  name: z.string(),
  depth: z.number().int(),
  nodeLabel: z.string(),
  follows: z.string().nullable(),
  type: z.string().nullable(),
  isFlake: z.boolean(),
  location: z.string().nullable(),
  originalUrl: z.string().nullable(),
  originalRef: z.string().nullable(),
  originalRev: z.string().nullable(),
  lockedUrl: z.string().nullable(),
  lockedRev: z.string().nullable(),
  shortRev: z.string().nullable(),
  lastModified: z.number().nullable(),
  ageDays: z.number().nullable(),
  isStale: z.boolean(),
  duplicateGroup: z.string().nullable(),
  childCount: z.number().int(),
  problem: z.string().nullable(),
}) satisfies z.ZodType<InputRow>

export const duplicateGroupSchema = z.object({
  id: z.string(),
  revisions: z.array(z.string()),
  rowIds: z.array(z.string()),
}) satisfies z.ZodType<DuplicateGroup>

export const inputTreeSchema = z.object({
  rows: z.array(inputRowSchema),
  duplicates: z.array(duplicateGroupSchema),
  staleCount: z.number().int(),
}) satisfies z.ZodType<InputTree>

const lockedSideSchema = z.object({
  url: z.string().nullable(),
  rev: z.string().nullable(),
  shortRev: z.string().nullable(),
  lastModified: z.number().nullable(),
  ref: z.string().nullable(),
  follows: z.string().nullable(),
}) satisfies z.ZodType<LockedSide>

export const inputChangeSchema = z.object({
  id: z.string(),
  path: z.array(z.string()),
  kind: z.enum(['updated', 'added', 'removed', 'follows-changed']),
  type: z.string().nullable(),
  old: lockedSideSchema.nullable(),
  new: lockedSideSchema.nullable(),
}) satisfies z.ZodType<InputChange>

/** An input name: a top-level name or a path such as `home-manager/nixpkgs`. */
const inputNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_'./-]+$/, 'Not an input name.')

export const pinTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('branch'), name: z.string().min(1).max(250) }),
  z.object({
    kind: z.literal('tag'),
    name: z.string().min(1).max(250),
    rev: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
  }),
  z.object({
    kind: z.literal('commit'),
    rev: z.string().regex(/^[0-9a-f]{40}$/, 'A commit is 40 hex digits.'),
    branch: z.string().min(1).max(250).optional(),
  }),
]) satisfies z.ZodType<PinTarget>

export const updateSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('update'), names: z.array(inputNameSchema).min(1) }),
  z.object({ kind: z.literal('update-all') }),
  z.object({ kind: z.literal('pin'), name: inputNameSchema, target: pinTargetSchema }),
  /** `input` (an input of one of the flake's inputs: `home-manager/nixpkgs`) follows `target`. */
  z.object({
    kind: z.literal('follows'),
    input: inputNameSchema.regex(/\//, 'Only an input of one of your inputs can follow another.'),
    target: inputNameSchema,
  }),
])
export type UpdateSpec = z.infer<typeof updateSpecSchema>

export const commitEntrySchema = z.object({
  rev: z.string(),
  shortRev: z.string(),
  date: z.number(),
  author: z.string(),
  subject: z.string(),
})
export type CommitEntry = z.infer<typeof commitEntrySchema>

export const commitRangeSchema = z.object({
  from: z.string(),
  to: z.string(),
  direction: z.enum(['same', 'forward', 'backward', 'diverged']),
  count: z.number().int(),
  commits: z.array(commitEntrySchema),
  more: z.number().int(),
})
export type CommitRange = z.infer<typeof commitRangeSchema>

export const inputsOverviewSchema = z.object({
  dir: z.string(),
  hasLock: z.boolean(),
  tree: inputTreeSchema,
  /** Inputs flake.nix declares; null when flake.nix could not be evaluated. */
  declaredInputs: z.array(z.string()).nullable(),
  /** In flake.lock but no longer in flake.nix. */
  undeclared: z.array(z.string()),
  /** In flake.nix but not yet in flake.lock. */
  unlocked: z.array(z.string()),
  flakeNixDirty: z.boolean(),
  flakeLockDirty: z.boolean(),
  warnings: z.array(z.string()),
})
export type InputsOverview = z.infer<typeof inputsOverviewSchema>

export const revisionChangeSchema = inputChangeSchema.extend({
  /** The commits between the old and new revision; null when they could not be read. */
  log: commitRangeSchema.nullable(),
  logError: z.string().nullable(),
})
export type RevisionChange = z.infer<typeof revisionChangeSchema>

export const flakeNixEditSummarySchema = z.object({
  /** The url a pin writes; null for an edit that is no url (a follows). */
  url: z.string().nullable(),
  /** A follows edit: the line it adds, as written at the top of flake.nix. */
  follows: z.string().optional(),
  /** Whether the edit can be (or was) written into flake.nix. */
  applies: z.boolean(),
  reason: z.string().nullable(),
})
export type FlakeNixEditSummary = z.infer<typeof flakeNixEditSummarySchema>

export const lockPreviewSchema = z.object({
  id: z.string(),
  spec: updateSpecSchema,
  changes: z.array(revisionChangeSchema),
  /** Unified diff of flake.lock; empty when nothing changes. */
  lockDiff: z.string(),
  /** Unified diff of the flake.nix edit the change writes; empty when it writes none. */
  flakeNixDiff: z.string(),
  commitMessage: z.string(),
  flakeNix: flakeNixEditSummarySchema.nullable(),
  warnings: z.array(z.string()),
})
export type LockPreview = z.infer<typeof lockPreviewSchema>

export const lockChangeResultSchema = z.object({
  changes: z.array(inputChangeSchema),
  lockChanged: z.boolean(),
  commitMessage: z.string(),
  flakeNix: flakeNixEditSummarySchema.nullable(),
  warnings: z.array(z.string()),
})
export type LockChangeResult = z.infer<typeof lockChangeResultSchema>

export const refEntrySchema = z.object({ name: z.string(), rev: z.string() })

export const versionChoicesSchema = z.object({
  input: z.string(),
  remote: z.string(),
  /** The branch whose recent commits are listed. */
  trackedBranch: z.string().nullable(),
  /** The branch or tag flake.nix asks for, if any. */
  currentRef: z.string().nullable(),
  lockedRev: z.string().nullable(),
  branches: z.array(refEntrySchema),
  tags: z.array(refEntrySchema),
  recentCommits: z.array(commitEntrySchema),
})
export type VersionChoices = z.infer<typeof versionChoicesSchema>

/** How far an input's locked commit is from the newest one of the branch it follows upstream. */
export const upstreamDistanceSchema = z.object({
  input: z.string(),
  /** The branch compared with: the one flake.nix asks for, else the remote's default. */
  branch: z.string().nullable(),
  /** Commits on the branch after the locked one (0: the lock is at the branch's newest). */
  behind: z.number().int().nonnegative(),
  /** Commits of the locked revision the branch does not have (a rewritten or other branch). */
  ahead: z.number().int().nonnegative(),
})
export type UpstreamDistance = z.infer<typeof upstreamDistanceSchema>
