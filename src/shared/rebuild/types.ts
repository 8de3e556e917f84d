// The Rebuild feature's data, as schemas the contract can reuse and the types they infer: what a
// rebuild is asked to do, its live progress and state, how it ended, and the events it pushes.
import { z } from 'zod'
import { hostNameSchema } from '../host-name'

export const rebuildActionSchema = z.enum(['switch', 'boot', 'test', 'build', 'dry-build'])
export type RebuildAction = z.infer<typeof rebuildActionSchema>

/** What switching to an existing generation does: activate it now, or only at the next boot. */
export const activationActionSchema = z.enum(['switch', 'boot'])
export type ActivationAction = z.infer<typeof activationActionSchema>

/**
 * `nixos-rebuild`: run nixos-rebuild (or the user's own command) on a NixOS machine.
 * `profile`: build the toplevel with `nix build`, record it with `nix-env -p PROFILE --set`, and
 * run its `bin/switch-to-configuration`; for machines that are not NixOS, and for tests.
 */
export const rebuildModeSchema = z.enum(['nixos-rebuild', 'profile'])
export type RebuildMode = z.infer<typeof rebuildModeSchema>

const argSchema = z
  .string()
  .max(4096)
  .refine((a) => !a.includes('\0'), 'An argument contains a NUL character.')

/** The settings a rebuild runs with; the caller fills them from the user's settings. */
export const rebuildOptionsSchema = z.object({
  mode: rebuildModeSchema,
  /** Profile written in profile mode (NixOS: /nix/var/nix/profiles/system). */
  profilePath: z.string().min(1),
  /** Run the steps that need root through sudo (which may ask for a password in the terminal). */
  sudo: z.boolean(),
  /** Appended to the nix build / nixos-rebuild arguments, e.g. ["--target-host", "root@box"]. */
  extraArgs: z.array(argSchema).max(200),
  /**
   * Replaces the nixos-rebuild command (nixos-rebuild mode only), e.g.
   * `nh os {action} {repo} --hostname {host}`. Split into arguments like a shell would (quotes,
   * backslashes) but never run by one; placeholders: {action} {repo} {host} {flake}.
   */
  customCommand: z.string().max(4096).nullable(),
  /** Pass `--log-format internal-json -v` for live progress (nixos-rebuild mode; nix build always). */
  structuredLog: z.boolean(),
})
export type RebuildOptions = z.infer<typeof rebuildOptionsSchema>

/** A terminal's size in characters, as the window's terminal shows it. */
export const terminalSizeSchema = z
  .object({
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(1).max(1000),
  })
  .strict()
export type TerminalSize = z.infer<typeof terminalSizeSchema>

export const rebuildStartInputSchema = rebuildOptionsSchema.extend({
  repo: z.string().min(1),
  host: hostNameSchema,
  action: rebuildActionSchema,
  /** Build, then wait for confirm(runId) or decline(runId) before anything is activated. */
  confirmBeforeActivate: z.boolean(),
  /**
   * The size of the terminal that shows the run, so its first command starts at that size
   * (the window would otherwise send rebuild.resize right after the start).
   */
  terminal: terminalSizeSchema.optional(),
})
export type RebuildStartInput = z.infer<typeof rebuildStartInputSchema>

/** One command of a rebuild, as the user would type it. */
export const rebuildStepKindSchema = z.enum([
  'rebuild',
  'build',
  'dry-activate',
  'set-profile',
  'activate',
])
export type RebuildStepKind = z.infer<typeof rebuildStepKindSchema>

export const plannedStepSchema = z.object({
  kind: rebuildStepKindSchema,
  /** Program and arguments; `<toplevel>` stands for the store path the build produces. */
  argv: z.array(z.string()).min(1),
  /** Whether the step prints nix's `@nix {…}` log lines to parse. */
  structuredLog: z.boolean(),
  /**
   * Skipped when the toplevel has no bin/switch-to-configuration (activation steps, and the
   * dry activation before the look before switching).
   */
  optional: z.boolean(),
})
export type PlannedStep = z.infer<typeof plannedStepSchema>

export const rebuildPlanSchema = z.object({
  mode: rebuildModeSchema,
  action: rebuildActionSchema,
  steps: z.array(plannedStepSchema).min(1),
  /** Index of the first step that waits for confirm(runId); null when none waits. */
  confirmBeforeStep: z.number().int().nullable(),
  /**
   * The system profile of this run: the one switch and boot write, and the one the look before
   * activating compares against. The Rebuild area shows it.
   */
  profilePath: z.string(),
})
export type RebuildPlan = z.infer<typeof rebuildPlanSchema>

// --- live progress --------------------------------------------------------------------------

const counterSchema = z.object({
  done: z.number(),
  expected: z.number(),
  running: z.number(),
  failed: z.number(),
})
export type ProgressCounter = z.infer<typeof counterSchema>

export const runningBuildSchema = z.object({
  /** nix's activity id. */
  id: z.number(),
  drvPath: z.string(),
  /** The derivation's name, e.g. `hello-2.12` (store hash and `.drv` dropped). */
  name: z.string(),
  /** Remote builder, or '' for this machine. */
  machine: z.string(),
  /** ms since the epoch, so the UI shows how long it has run. */
  startedAt: z.number(),
  /** The builder's current phase (`buildPhase`…), when it reports one. */
  phase: z.string().nullable(),
  lastLine: z.string().nullable(),
})
export type RunningBuild = z.infer<typeof runningBuildSchema>

export const transferProgressSchema = counterSchema.extend({
  bytesDone: z.number(),
  bytesExpected: z.number(),
})
export type TransferProgress = z.infer<typeof transferProgressSchema>

export const rebuildProgressSchema = z.object({
  /** `evaluating` until the first build activity starts; `idle` before the log begins. */
  phase: z.enum(['idle', 'evaluating', 'building']),
  evaluationStartedAt: z.number().nullable(),
  evaluationEndedAt: z.number().nullable(),
  /** Derivations: done / expected / running / failed. */
  builds: counterSchema,
  /** Store paths copied in (substituted or copied from another store), with bytes. */
  copies: transferProgressSchema,
  /** Files downloaded (counts are transfers; bytes from nix's progress). */
  downloads: transferProgressSchema,
  /** Derivations building now, oldest first. */
  running: z.array(runningBuildSchema),
  /** Derivations whose builder failed. */
  failed: z.array(z.string()),
})
export type RebuildProgress = z.infer<typeof rebuildProgressSchema>

// --- state and outcome ----------------------------------------------------------------------

export const rebuildPhaseSchema = z.enum([
  'starting',
  'evaluating',
  'building',
  /** `switch-to-configuration dry-activate`: which services the switch would touch. */
  'checking-activation',
  'awaiting-confirmation',
  'setting-profile',
  'activating',
  'finished',
])
export type RebuildPhase = z.infer<typeof rebuildPhaseSchema>

export const rebuildStatusSchema = z.enum([
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
])
export type RebuildStatus = z.infer<typeof rebuildStatusSchema>

/**
 * What activating the built system would do to systemd's units, as the new system's
 * `switch-to-configuration dry-activate` says (NixOS's Perl script or its Rust successor).
 */
export const unitChangesSchema = z.object({
  stop: z.array(z.string()),
  restart: z.array(z.string()),
  start: z.array(z.string()),
  reload: z.array(z.string()),
  /** Changed units it leaves running ("would NOT stop the following changed units"). */
  skipped: z.array(z.string()),
  /** systemd itself would be re-executed. */
  restartSystemd: z.boolean(),
  /** Swap devices it would turn off. */
  swapOff: z.array(z.string()),
})
export type UnitChanges = z.infer<typeof unitChangesSchema>

/** The dry activation's answer, or why there is none (which never blocks the switch). */
export const dryActivationSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('known'), units: unitChangesSchema }),
  z.object({ status: z.literal('unknown'), reason: z.string() }),
])
export type DryActivation = z.infer<typeof dryActivationSchema>

export const rebuildStateSchema = z.object({
  phase: rebuildPhaseSchema,
  /** When this phase began (ms since the epoch). */
  since: z.number(),
  /** The command running now, as argv. */
  command: z.array(z.string()).nullable(),
  /** The built toplevel, once known. */
  toplevel: z.string().nullable(),
  /** What the profile points to now (for the comparison before activating). */
  currentToplevel: z.string().nullable(),
  /**
   * Which services activating would stop, restart, start or reload: set once the plan's
   * dry-activate step has run (switch and test with the look before switching), so the
   * awaiting-confirmation state carries it; absent when the plan has no such step.
   */
  dryActivation: dryActivationSchema.nullable().optional(),
})
export type RebuildState = z.infer<typeof rebuildStateSchema>

export const failedDerivationSchema = z.object({
  drvPath: z.string(),
  name: z.string(),
  exitCode: z.number().nullable(),
  /** The builder's last log lines, oldest first. */
  logTail: z.array(z.string()),
})
export type FailedDerivation = z.infer<typeof failedDerivationSchema>

export const rebuildDiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** As nix printed it (often a /nix/store/…-source copy). */
  file: z.string().nullable(),
  /** The same file relative to the repo, when it is in the repo. */
  repoFile: z.string().nullable(),
  line: z.number().nullable(),
  column: z.number().nullable(),
})
export type RebuildDiagnostic = z.infer<typeof rebuildDiagnosticSchema>

export const rebuildFailureSchema = z.object({
  kind: z.enum(['evaluation', 'build', 'profile', 'activation', 'command', 'cancelled']),
  message: z.string(),
  failedDerivations: z.array(failedDerivationSchema),
  diagnostics: z.array(rebuildDiagnosticSchema),
})
export type RebuildFailure = z.infer<typeof rebuildFailureSchema>

export const rebuildRunSchema = z.object({
  id: z.number().int(),
  repo: z.string(),
  host: z.string(),
  action: rebuildActionSchema,
  mode: rebuildModeSchema,
  /** Every command run, in order, as argv. */
  commands: z.array(z.array(z.string())),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  status: rebuildStatusSchema,
  /** A sentence about the outcome, e.g. "Built, not activated." */
  statusText: z.string().nullable(),
  exitCode: z.number().nullable(),
  gitCommit: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  flakeLockSha256: z.string().nullable(),
  storePath: z.string().nullable(),
  generation: z.number().int().nullable(),
  failure: rebuildFailureSchema.nullable(),
  /** Whether older output was dropped to keep the stored log under its cap. */
  outputTruncated: z.boolean(),
})
export type RebuildRun = z.infer<typeof rebuildRunSchema>

// --- events ---------------------------------------------------------------------------------

export const rebuildProgressEventSchema = z.object({
  runId: z.number().int(),
  progress: rebuildProgressSchema,
})
export type RebuildProgressEvent = z.infer<typeof rebuildProgressEventSchema>

export const rebuildStateEventSchema = z.object({
  runId: z.number().int(),
  repo: z.string(),
  /** The run's host and action, so a window that did not start it can show it at once. */
  host: z.string(),
  action: rebuildActionSchema,
  state: rebuildStateSchema,
})
export type RebuildStateEvent = z.infer<typeof rebuildStateEventSchema>

export const rebuildFinishedEventSchema = z.object({
  runId: z.number().int(),
  run: rebuildRunSchema,
})
export type RebuildFinishedEvent = z.infer<typeof rebuildFinishedEventSchema>

/** Event names and payloads, ready to join the contract's eventSchemas. */
export const rebuildEventSchemas = {
  'rebuild.progress': rebuildProgressEventSchema,
  'rebuild.state': rebuildStateEventSchema,
  'rebuild.finished': rebuildFinishedEventSchema,
} as const

export type RebuildEventName = keyof typeof rebuildEventSchemas
export type RebuildEvent = {
  [E in RebuildEventName]: { name: E; payload: z.infer<(typeof rebuildEventSchemas)[E]> }
}[RebuildEventName]

/** A run in progress, for a window that opens (or reloads) while it runs. */
export const activeRunSchema = z.object({
  runId: z.number().int(),
  repo: z.string(),
  host: z.string(),
  action: rebuildActionSchema,
  state: rebuildStateSchema,
  progress: rebuildProgressSchema,
})

/**
 * A running rebuild as a window that attaches to it (a reload, a second window) needs it: what
 * it runs and its output so far (up to 4 MiB; beyond that its newest lines, with the number of
 * lines left out). The window's feed (rebuild.feed) goes on from `outputNext`/`outputNextLine`.
 */
export const attachedRunSchema = activeRunSchema.extend({
  plan: rebuildPlanSchema,
  output: z.string(),
  outputNext: z.number().int(),
  outputNextLine: z.number().int(),
  outputSkippedLines: z.number().int(),
})

/**
 * One read of a window's terminal feed: the output after the position it asked from, or, when
 * it had fallen behind, the newest lines and how many lines it skipped (the page shows a marker
 * for those). `next`/`nextLine` are where to read on; `ended`: nothing more will come.
 */
export const rebuildFeedChunkSchema = z.object({
  data: z.string(),
  next: z.number().int(),
  nextLine: z.number().int(),
  skippedLines: z.number().int(),
  ended: z.boolean(),
})
export type RebuildFeedChunk = z.infer<typeof rebuildFeedChunkSchema>

export const rebuildLogLineSchema = z.object({ number: z.number().int(), text: z.string() })
export type RebuildLogLine = z.infer<typeof rebuildLogLineSchema>

/** A page of a run's log for the log view, with what is kept of it. */
export const rebuildLogPageSchema = z.object({
  lines: z.array(rebuildLogLineSchema),
  /** Number of the first line kept: older lines went over the cap. */
  firstLine: z.number().int(),
  totalLines: z.number().int(),
  keptChars: z.number().int(),
  capChars: z.number().int(),
  running: z.boolean(),
})
export type RebuildLogPage = z.infer<typeof rebuildLogPageSchema>

export const rebuildLogSearchSchema = z.object({
  matches: z.array(rebuildLogLineSchema),
  /** There are more matches after the last one. */
  more: z.boolean(),
})
export type RebuildLogSearch = z.infer<typeof rebuildLogSearchSchema>
export type AttachedRun = z.infer<typeof attachedRunSchema>
export type ActiveRun = z.infer<typeof activeRunSchema>
