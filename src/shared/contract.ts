// The one contract between the UI and the core: every call's input and output schema, and every
// pushed event's payload schema. The core validates each input with these schemas before any
// handler sees it; both transports (Electron IPC and the loopback web server) carry this contract.
import { z } from 'zod'
import type { EventName, MethodName } from './channels'

const absolutePath = z
  .string()
  .min(1, 'A path is required.')
  .max(4096, 'The path is too long.')
  .refine((p) => !p.includes('\0'), 'The path contains a NUL character.')

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

export const errorDataSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.string().optional(),
})

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
  /** The system profile the Generations area reads and profile-mode rebuilds write. */
  profilePath: z.string().min(1),
  /** Inputs locked longer ago than this are highlighted. */
  inputAgeWarningDays: z.number().int().min(1).max(3650),
  formatter: z.enum(['nixfmt', 'alejandra']),
})
export type Settings = z.infer<typeof settingsSchema>

export const appStatusSchema = z.object({
  version: z.string(),
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
  'settings.get': { input: empty, output: settingsSchema },
  'settings.set': { input: settingsSchema.partial().strict(), output: settingsSchema },
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
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
} as const satisfies Record<EventName, z.ZodType>

export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>
