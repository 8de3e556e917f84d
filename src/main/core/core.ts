// The core: the services, wired together, and the one dispatcher both transports call. Every
// payload is validated against the shared contract here, before any handler runs.
import type Database from 'better-sqlite3'
import type { shellMethodNames } from '../../shared/channels'
import { methodNames, type MethodName } from '../../shared/channels'
import { contract, type MethodOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { GitService } from '../services/git'
import { NixService } from '../services/nix'
import { createProcessRunner, type ProcessRunner } from '../services/process-runner'
import { SettingsService } from '../services/settings'
import { WorkspaceService } from '../services/workspace'
import { openDatabase } from '../store/database'
import { AppError, toErrorData } from './app-error'
import { EventHub } from './events'
import { describeValidationError } from './validation'

export type ShellKind = 'electron' | 'browser'
type ShellMethod = (typeof shellMethodNames)[number]
type CoreMethod = Exclude<MethodName, ShellMethod>

export type Handlers<M extends MethodName> = {
  [K in M]: (
    input: (typeof contract)[K]['input']['_output'],
  ) => Promise<MethodOutput<K>> | MethodOutput<K>
}
export type ShellHandlers = Handlers<ShellMethod>

export interface CoreOptions {
  dataDir: string
  shell: ShellKind
  appVersion: string
  initialRepo?: string | null
  env?: NodeJS.ProcessEnv
  runner?: ProcessRunner
  nativeBinding?: string
  db?: Database.Database
}

export interface Core {
  readonly events: EventHub
  readonly db: Database.Database
  readonly runner: ProcessRunner
  readonly nix: NixService
  readonly git: GitService
  readonly settings: SettingsService
  readonly workspace: WorkspaceService
  dispatch(
    method: string,
    input: unknown,
    shellHandlers?: Partial<ShellHandlers>,
  ): Promise<Result<unknown>>
  close(): void
}

export function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name)
}

export function createCore(options: CoreOptions): Core {
  const runner = options.runner ?? createProcessRunner(options.env ?? process.env)
  const db =
    options.db ??
    openDatabase(
      options.dataDir,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    )
  const events = new EventHub()
  const nix = new NixService(runner)
  const git = new GitService(runner)
  const settings = new SettingsService(db)
  const workspace = new WorkspaceService(db, git)

  const handlers: Handlers<CoreMethod> = {
    'app.status': async () => {
      const [nixInfo, gitVersion] = await Promise.all([nix.detect(), git.version()])
      return {
        version: options.appVersion,
        shell: options.shell,
        dataDir: options.dataDir,
        nix: nixInfo,
        git: { found: gitVersion !== null, version: gitVersion },
        initialRepo: options.initialRepo ?? null,
      }
    },
    'repo.open': ({ path }) => workspace.openRepo(path),
    'repo.recent': () => workspace.recent(),
    'repo.forget': ({ path }) => workspace.forget(path),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
  }

  async function dispatch(
    method: string,
    input: unknown,
    shellHandlers: Partial<ShellHandlers> = {},
  ): Promise<Result<unknown>> {
    try {
      if (!isMethodName(method)) {
        throw new AppError('bad-request', `Unknown call "${method}".`)
      }
      const parsed = contract[method].input.safeParse(input ?? {})
      if (!parsed.success) {
        throw new AppError(
          'bad-request',
          `Invalid request for ${method}: ${describeValidationError(parsed.error)}`,
        )
      }
      const handler =
        (handlers as Record<string, ((i: unknown) => unknown) | undefined>)[method] ??
        (shellHandlers as Record<string, ((i: unknown) => unknown) | undefined>)[method]
      if (!handler) {
        throw new AppError('unavailable', `"${method}" is only available in the desktop app.`)
      }
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (error) {
      return { ok: false, error: toErrorData(error) }
    }
  }

  return {
    events,
    db,
    runner,
    nix,
    git,
    settings,
    workspace,
    dispatch,
    close: () => db.close(),
  }
}
