// The core: the composition root. It builds the services with their dependencies handed in,
// gives them to each area's handlers (handlers/), and puts the dispatcher (dispatcher.ts) in
// front, which both transports call and which validates every payload against the contract.
import type Database from 'better-sqlite3'
import { join } from 'node:path'
import { DraftsStore } from '../services/files/drafts-store'
import { FilesService } from '../services/files/files-service'
import { RepoWatcher } from '../services/files/repo-watcher'
import { SessionStore } from '../services/files/session-store'
import { GenerationsService } from '../services/generations/generations-service'
import { ProfileList } from '../services/generations/profile-list'
import { GitService } from '../services/git'
import { InputsService } from '../services/inputs/inputs-service'
import { NixService } from '../services/nix'
import { NixCheckService } from '../services/nix-check/nix-check-service'
import { PredictService } from '../services/predict/predict-service'
import { createProcessRunner, type ProcessRunner } from '../services/process-runner'
import { createPtyRunner } from '../services/pty-runner'
import { RebuildService } from '../services/rebuild/rebuild-service'
import { TextSearch } from '../services/search/text-search'
import { SettingsService } from '../services/settings'
import { SourceDiffService } from '../services/source-diff'
import { WorkspaceService } from '../services/workspace'
import { openDatabase } from '../store/database'
import { createDispatcher, type Dispatch } from './dispatcher'
import { EventHub } from './events'
import { createHandlerContext, type CoreServices, type ShellKind } from './handler-context'
import type { CoreMethod, Handlers } from './handler-types'
import { appHandlers } from './handlers/app'
import { filesHandlers } from './handlers/files'
import { generationsHandlers } from './handlers/generations'
import { gitHandlers } from './handlers/git'
import { inputsHandlers } from './handlers/inputs'
import { nixHandlers } from './handlers/nix'
import { predictHandlers } from './handlers/predict'
import { rebuildHandlers } from './handlers/rebuild'
import { repoHandlers } from './handlers/repo'
import { settingsHandlers } from './handlers/settings'

export type { ShellHandlers } from './handler-types'

export interface CoreOptions {
  dataDir: string
  shell: ShellKind
  appVersion: string
  initialRepo?: string | null
  env?: NodeJS.ProcessEnv
  runner?: ProcessRunner
  nativeBinding?: string
  db?: Database.Database
  /**
   * The app's own start-up (desktop app, `flakedeck serve`): mark runs whose process is gone as
   * interrupted. Commands that only read (`flakedeck inputs`) leave every run as it is.
   */
  recoverInterruptedRuns?: boolean
}

export interface Core {
  readonly events: EventHub
  readonly db: Database.Database
  readonly runner: ProcessRunner
  readonly nix: NixService
  readonly git: GitService
  readonly settings: SettingsService
  readonly workspace: WorkspaceService
  readonly files: FilesService
  readonly nixCheck: NixCheckService
  readonly inputs: InputsService
  readonly generations: GenerationsService
  readonly rebuild: RebuildService
  readonly dispatch: Dispatch
  close(): Promise<void>
}

function createServices(options: CoreOptions, events: EventHub): CoreServices {
  const env = options.env ?? process.env
  const runner = options.runner ?? createProcessRunner(env)
  const db =
    options.db ??
    openDatabase(
      options.dataDir,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    )
  const nix = new NixService(runner)
  const git = new GitService(runner)
  const settings = new SettingsService(db)
  const rebuild = new RebuildService(
    {
      db,
      nix,
      git,
      pty: createPtyRunner(env),
      emit: ({ name, payload }) => events.emit(name, payload),
    },
    { workDir: join(options.dataDir, 'rebuild') },
  )
  return {
    db,
    runner,
    nix,
    git,
    settings,
    workspace: new WorkspaceService(db, git),
    files: new FilesService(git),
    textSearch: new TextSearch(git, runner),
    sessions: new SessionStore(db),
    drafts: new DraftsStore(db),
    watcher: new RepoWatcher((change) => events.emit('files.changed', change)),
    nixCheck: new NixCheckService(runner, nix, () => settings.get()),
    inputs: new InputsService({ nix, git, dataDir: options.dataDir }),
    generations: new GenerationsService(runner, nix, db, {
      gcRootsDir: join(options.dataDir, 'gcroots'),
    }),
    profiles: new ProfileList(settings, env),
    sourceDiff: new SourceDiffService(git),
    predict: new PredictService(runner, nix, git, db),
    rebuild,
  }
}

export function createCore(options: CoreOptions): Core {
  const events = new EventHub()
  const services = createServices(options, events)
  if (options.recoverInterruptedRuns) services.rebuild.recoverInterrupted()
  const ctx = createHandlerContext(services, events, {
    version: options.appVersion,
    shell: options.shell,
    dataDir: options.dataDir,
    initialRepo: options.initialRepo ?? null,
  })
  const handlers: Handlers<CoreMethod> = {
    ...appHandlers(ctx),
    ...repoHandlers(ctx),
    ...settingsHandlers(ctx),
    ...filesHandlers(ctx),
    ...gitHandlers(ctx),
    ...nixHandlers(ctx),
    ...inputsHandlers(ctx),
    ...predictHandlers(ctx),
    ...generationsHandlers(ctx),
    ...rebuildHandlers(ctx),
  }
  const { db, runner, nix, git, settings, workspace, files, nixCheck, inputs } = services
  const { generations, rebuild, watcher } = services
  return {
    events,
    db,
    runner,
    nix,
    git,
    settings,
    workspace,
    files,
    nixCheck,
    inputs,
    generations,
    rebuild,
    dispatch: createDispatcher(handlers),
    close: async () => {
      await rebuild.dispose()
      await watcher.close()
      db.close()
    },
  }
}
