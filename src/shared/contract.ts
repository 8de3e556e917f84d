// The one contract between the UI and the core: every call's input and output schema, and every
// pushed event's payload schema. The core validates each input with these schemas before any
// handler sees it; both transports (Electron IPC and the loopback web server) carry this contract.
// It is long on purpose: one table of every call is the surface a reviewer checks at once; the
// schemas of each area's data live beside their logic (lockfile/, rebuild/, generations/, predict/).
import { z } from 'zod'
import { errorDataSchema } from './error-schema'
import type { EventName, MethodName } from './channels'
import { predictChangeSchema, predictionSchema, predictProgressSchema } from './predict/types'
import { staleAfterDaysLimits } from './lockfile/input-age'
import {
  deleteResultSchema,
  deleteSelectionSchema,
  gcResultSchema,
  generationComparisonSchema,
  generationRefSchema,
  generationTimelineSchema,
} from './generations/types'
import {
  cleanupPlanSchema,
  cleanupPolicySchema,
  cleanupProgressSchema,
  cleanupResultSchema,
  bootFitSchema,
  bootStateSchema,
  generationPinSchema,
  knownProfilesSchema,
  pinLabelSchema,
} from './generations/care-types'
import {
  activationActionSchema,
  attachedRunSchema,
  rebuildActionSchema,
  terminalSizeSchema,
  rebuildEventSchemas,
  rebuildFeedChunkSchema,
  rebuildLogPageSchema,
  rebuildLogSearchSchema,
  rebuildModeSchema,
  rebuildPlanSchema,
  rebuildRunSchema,
} from './rebuild/types'
import { hostNameSchema } from './host-name'
import {
  commitRangeSchema,
  inputChangeSchema,
  inputsOverviewSchema,
  lockChangeResultSchema,
  lockPreviewSchema,
  pinTargetSchema,
  updateSpecSchema,
  versionChoicesSchema,
  upstreamDistanceSchema,
} from './lockfile/schemas'

const absolutePath = z
  .string()
  .min(1, 'A path is required.')
  .max(4096, 'The path is too long.')
  .refine((p) => !p.includes('\0'), 'The path contains a NUL character.')

const relativePath = z
  .string()
  .min(1, 'A file path is required.')
  .max(4096, 'The path is too long.')
  .refine((p) => !p.includes('\0'), 'The path contains a NUL character.')

const inputName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_'./-]+$/, 'Not an input name.')

const runId = z.number().int().min(1)
const runRef = z.object({ runId }).strict()

const revision = z.string().regex(/^[0-9a-f]{7,40}$/, 'A revision is 7 to 40 hex digits.')

/** The config source between two commits: changed files, and flake.lock's input changes. */
export const sourceDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(['added', 'deleted', 'modified', 'renamed']),
      oldPath: z.string().nullable(),
      /** Null for a side that does not have the file, or binary content. */
      oldContent: z.string().nullable(),
      newContent: z.string().nullable(),
    }),
  ),
  inputChanges: z.array(inputChangeSchema),
})
export type SourceDiff = z.infer<typeof sourceDiffSchema>

export const nixCapabilitiesSchema = z.object({
  /** `nix flake update NAME…` (2.19+); older nix needs `nix flake lock --update-input NAME`. */
  flakeUpdateNamedInputs: z.boolean(),
  /** `nix build --print-out-paths` (2.9+); older nix: read `--json`. */
  printOutPaths: z.boolean(),
  /** `nix config show` (2.20+); older nix: `nix show-config`. */
  configShow: z.boolean(),
  /** `nix derivation show` (2.15+); older nix: `nix show-derivation`. */
  derivationShow: z.boolean(),
})
export type NixCapabilities = z.infer<typeof nixCapabilitiesSchema>

export const nixInfoSchema = z.object({
  found: z.boolean(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  /** Whether the user's own nix config enables flakes; Flakedeck passes the flag itself if not. */
  flakesEnabledByConfig: z.boolean(),
  capabilities: nixCapabilitiesSchema,
  /** Why nix cannot be used, with what to do; null when it can. */
  problem: errorDataSchema.nullable(),
})
export type NixInfo = z.infer<typeof nixInfoSchema>

export const repoInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  dirty: z.boolean(),
})
export type RepoInfo = z.infer<typeof repoInfoSchema>

export const recentRepoSchema = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.number(),
})
export type RecentRepo = z.infer<typeof recentRepoSchema>

export const settingsSchema = z.object({
  /** nixos-rebuild on NixOS; profile mode (nix build + nix-env --set) elsewhere. */
  rebuildMode: rebuildModeSchema,
  /** Run root steps through sudo (it asks for the password in the Rebuild terminal). */
  rebuildSudo: z.boolean(),
  /** Added to the rebuild command, e.g. --target-host root@box. */
  rebuildExtraArgs: z.array(z.string().max(4096)).max(200),
  /** Replaces nixos-rebuild, e.g. `nh os {action} {repo} --hostname {host}`. */
  rebuildCustomCommand: z.string().max(4096).nullable(),
  /** Build first and show what changes before switch/boot activates anything. */
  lookBeforeSwitch: z.boolean(),
  /**
   * The profile the Generations area shows (and `flakedeck generations` reads). Choosing another
   * one to look at never changes what a rebuild writes.
   */
  profilePath: z.string().min(1),
  /** The system profile profile-mode rebuilds write (`nix-env -p … --set`) and compare against. */
  rebuildProfilePath: z.string().regex(/^\//, 'Give the full path of the profile.'),
  /** Inputs locked longer ago than this are highlighted. */
  inputAgeWarningDays: z.number().int().min(staleAfterDaysLimits.min).max(staleAfterDaysLimits.max),
  formatter: z.enum(['nixfmt', 'alejandra']),
  /** Profiles the user added to the Generations area's switcher (beside the ones found). */
  extraProfiles: z.array(z.string().regex(/^\//, 'Give the full path of the profile.')).max(50),
  /** Where the boot loader's files are (systemd-boot entries, grub.cfg, kernels). */
  bootDir: z.string().regex(/^\//, 'Give the full path of the boot folder.'),
})
export type Settings = z.infer<typeof settingsSchema>

export const gitFileStatusSchema = z.object({
  path: z.string(),
  kind: z.enum(['untracked', 'added', 'modified', 'deleted', 'renamed', 'conflicted']),
  staged: z.boolean(),
  unstaged: z.boolean(),
  from: z.string().nullable().optional(),
})
export type GitFileStatus = z.infer<typeof gitFileStatusSchema>

export const fileTreeSchema = z.object({
  /** Repo-relative paths of files git tracks or would add (ignored files are left out). */
  files: z.array(z.string()),
  untracked: z.array(z.string()),
  status: z.array(gitFileStatusSchema),
})
export type FileTree = z.infer<typeof fileTreeSchema>

/** One matching line of find in files; `line` and `column` are 1-based, in `text`'s characters. */
export const textSearchMatchSchema = z.object({
  path: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  /** The line (cut around the match when very long). */
  text: z.string(),
})
export type TextSearchMatch = z.infer<typeof textSearchMatchSchema>

export const textSearchResultSchema = z.object({
  matches: z.array(textSearchMatchSchema),
  /** More lines matched than were returned. */
  truncated: z.boolean(),
})
export type TextSearchResult = z.infer<typeof textSearchResultSchema>

export const gitCommitSchema = z.object({
  hash: z.string(),
  author: z.string(),
  email: z.string(),
  /** ISO 8601, the author's date. */
  date: z.string(),
  subject: z.string(),
})
export type GitCommit = z.infer<typeof gitCommitSchema>

export const gitCommitDetailsSchema = z.object({
  hash: z.string(),
  message: z.string(),
  /** Paths relative to the open folder; status is git's letter (A, M, D, R, C, T). */
  files: z.array(z.object({ path: z.string(), status: z.string() })),
  /** The unified diff, cut when very large. */
  diff: z.string(),
  truncated: z.boolean(),
})
export type GitCommitDetails = z.infer<typeof gitCommitDetailsSchema>

export const openedFileSchema = z.object({
  path: z.string(),
  /** Null when the file is not shown in the editor (binary, too large). */
  content: z.string().nullable(),
  /** sha256 of the bytes on disk, handed back on save to detect changes made meanwhile. */
  version: z.string(),
  size: z.number(),
  readOnlyReason: z.enum(['binary', 'too-large']).nullable(),
  language: z.string(),
})
export type OpenedFile = z.infer<typeof openedFileSchema>

export const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** Repo-relative when it is one of the repo's files; else as nix printed it. */
  file: z.string().nullable(),
  inRepo: z.boolean(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  trace: z.array(
    z.object({
      message: z.string(),
      file: z.string().nullable(),
      line: z.number().nullable(),
      column: z.number().nullable(),
    }),
  ),
})
export type Diagnostic = z.infer<typeof diagnosticSchema>

/** What a proposed change does to a host (src/shared/predict/types.ts), or where it fails. */
export const predictionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), prediction: predictionSchema }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      side: z.enum(['before', 'after']),
      message: z.string(),
      diagnostics: z.array(diagnosticSchema),
    }),
  }),
])

export const hostsSchema = z.object({
  hosts: z.array(z.string()),
  /** Why the flake's hosts could not be read (it failed to evaluate), or null. */
  error: diagnosticSchema.nullable(),
  diagnostics: z.array(diagnosticSchema),
})

export const sessionStateSchema = z.object({
  openFiles: z.array(z.string()).max(200),
  activeFile: z.string().nullable(),
})
export type SessionState = z.infer<typeof sessionStateSchema>

/** Unsaved edits of a tab, kept in the background and offered back after a reload or a crash. */
export const draftSchema = z.object({
  path: z.string(),
  content: z.string(),
  /** The version on disk the edit started from; null for a file that did not exist then. */
  baseVersion: z.string().nullable(),
  savedAt: z.number(),
  /** The version on disk now; null when the file is gone. */
  diskVersion: z.string().nullable(),
  /** The draft holds exactly what is on disk now (nothing to restore). */
  sameAsDisk: z.boolean(),
})
export type Draft = z.infer<typeof draftSchema>

export const appStatusSchema = z.object({
  version: z.string(),
  /** This machine's host name: the default for a new flake's nixosConfigurations entry. */
  hostname: z.string(),
  shell: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  nix: nixInfoSchema,
  git: z.object({ found: z.boolean(), version: z.string().nullable() }),
  /** A repo named on the command line (`serve --flake DIR`), opened on start. */
  initialRepo: z.string().nullable(),
})
export type AppStatus = z.infer<typeof appStatusSchema>

const empty = z.object({}).strict()

export const contract = {
  'app.status': { input: empty, output: appStatusSchema },
  'repo.open': { input: z.object({ path: absolutePath }).strict(), output: repoInfoSchema },
  'repo.recent': { input: empty, output: z.array(recentRepoSchema) },
  'repo.forget': {
    input: z.object({ path: absolutePath }).strict(),
    output: z.array(recentRepoSchema),
  },
  /**
   * Where the flake is for a typed path (`~` expanded): the nearest folder from it up to its git
   * repo's top that holds flake.nix, so a sub-folder can offer its repo's flake; null if none.
   */
  'repo.findFlake': {
    input: z.object({ path: absolutePath }).strict(),
    output: z.object({ path: z.string(), flakeRoot: z.string().nullable() }),
  },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.set': { input: settingsSchema.partial().strict(), output: settingsSchema },
  'repo.create': {
    input: z
      .object({
        path: absolutePath,
        hostname: z
          .string()
          .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/, 'A host name has letters, digits and dashes.'),
        homeManager: z.boolean(),
        userName: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'A user name has lower-case letters, digits, _ and -.')
          .optional(),
      })
      .strict(),
    output: repoInfoSchema,
  },
  'files.tree': { input: z.object({ repo: absolutePath }).strict(), output: fileTreeSchema },
  'files.read': {
    input: z.object({ repo: absolutePath, path: relativePath }).strict(),
    output: openedFileSchema,
  },
  'files.write': {
    input: z
      .object({
        repo: absolutePath,
        path: relativePath,
        content: z.string().max(64 * 1024 * 1024),
        /** The version the edit started from; null for a new file. */
        baseVersion: z.string().nullable(),
        /** Write even if the file changed on disk since baseVersion (the user chose "keep mine"). */
        overwrite: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ version: z.string() }),
  },
  'files.create': {
    input: z
      .object({ repo: absolutePath, path: relativePath, kind: z.enum(['file', 'folder']) })
      .strict(),
    output: z.null(),
  },
  'files.rename': {
    input: z.object({ repo: absolutePath, from: relativePath, to: relativePath }).strict(),
    output: z.null(),
  },
  'files.delete': {
    input: z.object({ repo: absolutePath, path: relativePath }).strict(),
    output: z.null(),
  },
  'files.search': {
    input: z
      .object({
        repo: absolutePath,
        pattern: z.string().min(1, 'Type something to find.').max(1000),
        regex: z.boolean(),
        caseSensitive: z.boolean(),
      })
      .strict(),
    output: textSearchResultSchema,
  },
  'git.status': {
    input: z.object({ repo: absolutePath }).strict(),
    output: z.array(gitFileStatusSchema),
  },
  'git.headContent': {
    input: z.object({ repo: absolutePath, path: relativePath }).strict(),
    output: z.object({ content: z.string().nullable() }),
  },
  'git.add': {
    input: z
      .object({ repo: absolutePath, paths: z.array(relativePath).min(1).max(10_000) })
      .strict(),
    output: z.null(),
  },
  'git.log': {
    input: z.object({ repo: absolutePath }).strict(),
    output: z.array(gitCommitSchema),
  },
  'git.commitDetails': {
    input: z.object({ repo: absolutePath, hash: z.string().regex(/^[0-9a-f]{7,64}$/) }).strict(),
    output: gitCommitDetailsSchema,
  },
  'git.discard': {
    input: z.object({ repo: absolutePath, path: relativePath }).strict(),
    output: z.null(),
  },
  'git.commit': {
    input: z
      .object({
        repo: absolutePath,
        paths: z.array(relativePath).min(1, 'Choose at least one file to commit.').max(10_000),
        message: z.string().trim().min(1, 'A commit needs a message.').max(100_000),
      })
      .strict(),
    output: z.object({ commit: z.string() }),
  },
  'nix.parse': {
    input: z
      .object({ repo: absolutePath, path: relativePath, content: z.string().max(16 * 1024 * 1024) })
      .strict(),
    output: z.array(diagnosticSchema),
  },
  'nix.hosts': { input: z.object({ repo: absolutePath }).strict(), output: hostsSchema },
  'nix.checkHost': {
    input: z.object({ repo: absolutePath, host: hostNameSchema }).strict(),
    output: z.object({
      ok: z.boolean(),
      drvPath: z.string().nullable(),
      diagnostics: z.array(diagnosticSchema),
    }),
  },
  'nix.format': {
    input: z
      .object({ repo: absolutePath, path: relativePath, content: z.string().max(16 * 1024 * 1024) })
      .strict(),
    output: z.object({ content: z.string(), formatter: z.string() }),
  },
  'session.get': { input: z.object({ repo: absolutePath }).strict(), output: sessionStateSchema },
  'drafts.save': {
    input: z
      .object({
        repo: absolutePath,
        path: relativePath,
        content: z.string().max(16 * 1024 * 1024),
        baseVersion: z.string().max(200).nullable(),
      })
      .strict(),
    output: z.null(),
  },
  'drafts.list': { input: z.object({ repo: absolutePath }).strict(), output: z.array(draftSchema) },
  'drafts.discard': {
    input: z.object({ repo: absolutePath, path: relativePath }).strict(),
    output: z.null(),
  },
  'session.set': {
    input: z.object({ repo: absolutePath, state: sessionStateSchema }).strict(),
    output: z.null(),
  },
  'inputs.read': {
    input: z.object({ repo: absolutePath }).strict(),
    output: inputsOverviewSchema,
  },
  'inputs.versions': {
    input: z.object({ repo: absolutePath, name: inputName }).strict(),
    output: versionChoicesSchema,
  },
  'inputs.preview': {
    input: z.object({ repo: absolutePath, spec: updateSpecSchema }).strict(),
    output: lockPreviewSchema,
  },
  'inputs.apply': {
    input: z.object({ repo: absolutePath, previewId: z.string().min(1).max(200) }).strict(),
    output: lockChangeResultSchema,
  },
  'inputs.update': {
    input: z
      .object({ repo: absolutePath, names: z.union([z.array(inputName).min(1), z.literal('all')]) })
      .strict(),
    output: lockChangeResultSchema,
  },
  /** Pins without a preview; `editFlakeNix: false` leaves flake.nix as it is (lock only). */
  'inputs.pin': {
    input: z
      .object({
        repo: absolutePath,
        name: inputName,
        target: pinTargetSchema,
        editFlakeNix: z.boolean().optional(),
      })
      .strict(),
    output: lockChangeResultSchema,
  },
  'inputs.commitLock': {
    input: z
      .object({
        repo: absolutePath,
        message: z.string().trim().min(1, 'A commit needs a message.').max(100_000),
        includeFlakeNix: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ commit: z.string() }),
  },
  'inputs.undo': {
    input: z.object({ repo: absolutePath }).strict(),
    output: lockChangeResultSchema,
  },
  'inputs.commitLog': {
    input: z.object({ repo: absolutePath, name: inputName, from: revision, to: revision }).strict(),
    output: commitRangeSchema,
  },
  /** How many commits the input's branch upstream has after its locked one (cached clone). */
  'inputs.upstreamDistance': {
    input: z.object({ repo: absolutePath, name: inputName }).strict(),
    output: upstreamDistanceSchema,
  },
  'predict.run': {
    input: z
      .object({
        repo: absolutePath,
        host: hostNameSchema,
        change: predictChangeSchema,
        /** Names this prediction for its progress events and for predict.cancel. */
        requestId: z.string().min(1).max(100),
        offline: z.boolean().optional(),
        refresh: z.boolean().optional(),
      })
      .strict(),
    output: predictionResultSchema,
  },
  'predict.cancel': {
    input: z.object({ requestId: z.string().min(1).max(100) }).strict(),
    output: z.null(),
  },
  'generations.list': {
    input: empty,
    output: generationTimelineSchema,
  },
  'generations.compare': {
    input: z
      .object({
        before: generationRefSchema,
        after: generationRefSchema,
      })
      .strict(),
    output: generationComparisonSchema,
  },
  'generations.sourceDiff': {
    input: z.object({ repo: absolutePath, from: revision, to: revision }).strict(),
    output: sourceDiffSchema,
  },
  'generations.delete': {
    input: z
      .object({
        selection: deleteSelectionSchema,
        gc: z.boolean(),
      })
      .strict(),
    output: deleteResultSchema,
  },
  'generations.switch': {
    input: z.object({ number: z.number().int().nonnegative() }).strict(),
    output: z.null(),
  },
  /**
   * The commands that switch to generation `number` and activate it (see generations.activate);
   * refused for a generation that cannot be activated, with the reason.
   */
  'generations.activationPlan': {
    input: z
      .object({
        number: z.number().int().nonnegative(),
        action: activationActionSchema,
      })
      .strict(),
    // A generation that cannot be activated is an answer (`refused`, with the reason), not a
    // failed call: asking is part of opening the switch dialog.
    output: z.union([
      z.object({ plan: rebuildPlanSchema, host: z.string(), storePath: z.string() }),
      z.object({ refused: errorDataSchema }),
    ]),
  },
  /**
   * Switches to generation `number` and activates it (`switch`) or makes it the boot default
   * (`boot`): nix-env --switch-generation, then its bin/switch-to-configuration, as a rebuild
   * run of the open repo (its terminal, where sudo asks, is in the Rebuild area).
   */
  'generations.activate': {
    input: z
      .object({
        repo: absolutePath,
        number: z.number().int().nonnegative(),
        action: activationActionSchema,
      })
      .strict(),
    output: z.object({ runId: z.number().int(), plan: rebuildPlanSchema }),
  },
  'generations.gc': { input: empty, output: gcResultSchema },
  /** Pins a generation with a label: a GC root in the data folder, kept by every clean-up. */
  'generations.pin': {
    input: z
      .object({
        number: z.number().int().nonnegative(),
        label: pinLabelSchema,
      })
      .strict(),
    output: generationPinSchema,
  },
  'generations.unpin': {
    input: z.object({ number: z.number().int().nonnegative() }).strict(),
    output: z.object({ unpinned: z.boolean() }),
  },
  /** The boot menu (systemd-boot or GRUB) in the boot folder set, and how full it is. */
  'generations.boot': { input: empty, output: bootStateSchema },
  /** Whether a system's kernel and initrd would fit in the boot folder (before switch/boot). */
  'generations.bootFit': {
    input: z.object({ storePath: absolutePath }).strict(),
    output: bootFitSchema,
  },
  /** The profiles the switcher offers: system, Home Manager (when found), and added ones. */
  'generations.profiles': { input: empty, output: knownProfilesSchema },
  /** Adds a profile to the switcher (it must have generations), and shows it if `view`. */
  'generations.addProfile': {
    input: z.object({ path: absolutePath, view: z.boolean() }).strict(),
    output: knownProfilesSchema,
  },
  'generations.removeProfile': {
    input: z.object({ path: absolutePath }).strict(),
    output: knownProfilesSchema,
  },
  /** The clean-up preview: the generations a keep-policy lets go, and the bytes that frees. */
  'generations.cleanupPlan': {
    input: z.object({ policy: cleanupPolicySchema }).strict(),
    output: cleanupPlanSchema,
  },
  /**
   * Deletes the generations the preview showed (`expectedGoes`; refused when that changed) and
   * collects garbage, reporting generations.cleanupProgress as it goes.
   */
  'generations.cleanup': {
    input: z
      .object({
        policy: cleanupPolicySchema,
        expectedGoes: z.array(z.number().int().nonnegative()),
      })
      .strict(),
    output: cleanupResultSchema,
  },
  'rebuild.plan': {
    input: z
      .object({ repo: absolutePath, host: hostNameSchema, action: rebuildActionSchema })
      .strict(),
    output: rebuildPlanSchema,
  },
  'rebuild.start': {
    input: z
      .object({
        repo: absolutePath,
        host: hostNameSchema,
        action: rebuildActionSchema,
        terminal: terminalSizeSchema.optional(),
      })
      .strict(),
    output: z.object({ runId: z.number().int(), plan: rebuildPlanSchema }),
  },
  'rebuild.cancel': { input: runRef, output: z.null() },
  'rebuild.confirm': { input: runRef, output: z.null() },
  'rebuild.decline': { input: runRef, output: z.null() },
  'rebuild.input': {
    input: z.object({ runId: runId, data: z.string().max(64 * 1024) }).strict(),
    output: z.null(),
  },
  'rebuild.resize': {
    input: terminalSizeSchema.extend({ runId: runId }).strict(),
    output: z.null(),
  },
  'rebuild.feed': {
    input: z
      .object({
        runId: runId,
        from: z.number().int().min(0),
        fromLine: z.number().int().min(0),
        /** How long to wait for output when there is none yet (a long poll). */
        waitMs: z.number().int().min(0).max(20_000).optional(),
      })
      .strict(),
    output: rebuildFeedChunkSchema,
  },
  'rebuild.active': {
    input: z.object({ repo: absolutePath }).strict(),
    output: z.array(attachedRunSchema),
  },
  'rebuild.list': {
    input: z
      .object({ repo: absolutePath, limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    output: z.array(rebuildRunSchema),
  },
  'rebuild.output': { input: runRef, output: z.object({ output: z.string().nullable() }) },
  'rebuild.log': {
    input: z
      .object({
        runId: runId,
        from: z.number().int().min(1),
        count: z.number().int().min(1).max(5000),
      })
      .strict(),
    output: rebuildLogPageSchema,
  },
  'rebuild.logSearch': {
    input: z
      .object({
        runId: runId,
        query: z.string().min(1).max(1000),
        from: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: rebuildLogSearchSchema,
  },
  'shell.pickFolder': { input: empty, output: z.string().nullable() },
  'shell.openExternal': {
    input: z
      .object({ url: z.string().url() })
      .strict()
      .refine((v) => /^https?:\/\//.test(v.url), 'Only http(s) links open outside the app.'),
    output: z.null(),
  },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>

export type Contract = typeof contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>

export const eventSchemas = {
  'repo.changed': repoInfoSchema,
  'files.changed': z.object({
    repo: z.string(),
    path: z.string(),
    kind: z.enum(['add', 'change', 'unlink', 'addDir', 'unlinkDir']),
  }),
  ...rebuildEventSchemas,
  'generations.cleanupProgress': cleanupProgressSchema,
  'predict.progress': predictProgressSchema.extend({ requestId: z.string(), host: z.string() }),
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** The settings after a change, from any window or the CLI's server. */
  'settings.changed': settingsSchema,
  /** flake.nix or flake.lock of this repo was written by an update, pin, apply, lock or undo. */
  'inputs.changed': z.object({ repo: z.string() }),
  /** A profile's generations changed: a build, switch, delete, pin, clean-up or profile list edit. */
  'generations.changed': z.object({ profile: z.string().optional() }),
} as const satisfies Record<EventName, z.ZodType>

export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>
