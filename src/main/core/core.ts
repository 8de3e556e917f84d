// The core: the services, wired together, and the one dispatcher both transports call. Every
// payload is validated against the shared contract here, before any handler runs.
import type Database from 'better-sqlite3'
import type { ShellMethodName } from '../../shared/channels'
import { methodNames, type MethodName } from '../../shared/channels'
import { contract, type MethodOutput } from '../../shared/contract'
import type { ActivationAction, RebuildAction } from '../../shared/rebuild/types'
import type { Result } from '../../shared/errors'
import { existsSync } from 'node:fs'
import { homedir, hostname, userInfo } from 'node:os'
import { join } from 'node:path'
import { FilesService } from '../services/files/files-service'
import { TextSearch } from '../services/search/text-search'
import { RepoWatcher } from '../services/files/repo-watcher'
import { SessionStore } from '../services/files/session-store'
import { DraftsStore, describeDrafts } from '../services/files/drafts-store'
import { createFlakeRepo, nixSystemFor } from '../services/flake-template'
import { GitService } from '../services/git'
import { NixCheckService } from '../services/nix-check/nix-check-service'
import { GenerationsService } from '../services/generations/generations-service'
import { checkAddedProfile, discoverProfiles } from '../services/generations/profiles-discovery'
import { bootFit, readBootState } from '../services/generations/boot-entries'
import { defaultSystemProfile, readProfile } from '../services/generations/profile-reader'
import { InputsService } from '../services/inputs/inputs-service'
import { SourceDiffService } from '../services/source-diff'
import { PredictService } from '../services/predict/predict-service'
import { createPtyRunner } from '../services/pty-runner'
import { nixosRebuildProfile } from '../services/rebuild/rebuild-command'
import { RebuildService } from '../services/rebuild/rebuild-service'
import { NixService } from '../services/nix'
import { createProcessRunner, type ProcessRunner } from '../services/process-runner'
import { SettingsService } from '../services/settings'
import { WorkspaceService } from '../services/workspace'
import { normaliseRelative, resolveInRepo } from '../services/files/repo-paths'
import { openDatabase } from '../store/database'
import { AppError, toErrorData } from '../../shared/app-error'
import { EventHub } from './events'
import { describeValidationError } from '../../shared/validation'

export type ShellKind = 'electron' | 'browser'
type ShellMethod = ShellMethodName
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
  dispatch(
    method: string,
    input: unknown,
    shellHandlers?: Partial<ShellHandlers>,
  ): Promise<Result<unknown>>
  close(): Promise<void>
}

/** The user's name for per-user profile folders; '' when the system cannot say. */
function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return ''
  }
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
  const files = new FilesService(git)
  const textSearch = new TextSearch(git)
  const sessions = new SessionStore(db)
  const drafts = new DraftsStore(db)
  const nixCheck = new NixCheckService(runner, nix, () => settings.get())
  const watcher = new RepoWatcher((change) => events.emit('files.changed', change))
  const hardwareConfiguration = '/etc/nixos/hardware-configuration.nix'
  const inputs = new InputsService({ runner, nix, git, dataDir: options.dataDir })
  const generations = new GenerationsService(runner, nix, db, {
    gcRootsDir: join(options.dataDir, 'gcroots'),
  })
  const sourceDiff = new SourceDiffService(git)
  const predict = new PredictService(runner, nix, git, db)
  /** Predictions running now, by the caller's request id, for predict.cancel. */
  const predictions = new Map<string, AbortController>()
  const rebuild = new RebuildService(
    {
      db,
      nix,
      git,
      pty: createPtyRunner(options.env ?? process.env),
      emit: ({ name, payload }) => events.emit(name, payload),
    },
    { workDir: join(options.dataDir, 'rebuild') },
  )
  if (options.recoverInterruptedRuns) rebuild.recoverInterrupted()
  const rebuildInput = (input: { repo: string; host: string; action: RebuildAction }) => {
    const s = settings.get()
    return {
      repo: repoOf(input),
      host: input.host,
      action: input.action,
      mode: s.rebuildMode,
      // What the rebuild writes: never the profile the Generations area happens to show.
      profilePath:
        s.rebuildMode === 'profile'
          ? s.rebuildProfilePath
          : nixosRebuildProfile(s.rebuildExtraArgs),
      sudo: s.rebuildSudo,
      extraArgs: s.rebuildExtraArgs,
      customCommand: s.rebuildCustomCommand,
      structuredLog: true,
      confirmBeforeActivate: s.lookBeforeSwitch,
    }
  }
  const profileOf = (input: { profile?: string | undefined }) =>
    input.profile ?? settings.get().profilePath
  const generationSwitchInput = (input: {
    profile?: string | undefined
    number: number
    action: ActivationAction
  }) => {
    const s = settings.get()
    return {
      profilePath: profileOf(input),
      number: input.number,
      action: input.action,
      sudo: s.rebuildSudo,
      mode: s.rebuildMode,
    }
  }

  /** The profiles the Generations area's switcher offers, and the one it shows. */
  const knownProfiles = async () => {
    const env = options.env ?? process.env
    const s = settings.get()
    const profiles = await discoverProfiles({
      home: env.HOME || homedir(),
      user: env.USER || safeUserName(),
      stateHome: env.XDG_STATE_HOME,
      // Off NixOS, the system profile is the one profile-mode rebuilds write.
      ...(s.rebuildMode === 'profile' ? { systemProfile: s.rebuildProfilePath } : {}),
      added: s.extraProfiles,
      viewed: s.profilePath,
    })
    return { viewed: s.profilePath, profiles }
  }

  /** The repo, if it is open; every repo-scoped call goes through here. */
  const repoOf = (input: { repo: string }) => workspace.requireOpen(input.repo).path
  const openRepo = async (path: string) => {
    const info = await workspace.openRepo(path)
    await watcher.watch(info.path)
    return info
  }

  const handlers: Handlers<CoreMethod> = {
    'app.status': async () => {
      const [nixInfo, gitVersion] = await Promise.all([nix.detect(), git.version()])
      return {
        version: options.appVersion,
        hostname: hostname(),
        shell: options.shell,
        dataDir: options.dataDir,
        nix: nixInfo,
        git: { found: gitVersion !== null, version: gitVersion },
        initialRepo: options.initialRepo ?? null,
      }
    },
    'repo.open': ({ path }) => openRepo(path),
    'repo.create': async ({ path, hostname: host, homeManager, userName }) => {
      await createFlakeRepo(git, path, {
        hostname: host,
        homeManager,
        userName,
        system: nixSystemFor(process.arch),
        hardwareConfiguration: existsSync(hardwareConfiguration) ? hardwareConfiguration : null,
      })
      return openRepo(path)
    },
    'files.tree': async (input) => files.tree(repoOf(input)),
    'files.read': async (input) => files.read(repoOf(input), input.path),
    'files.write': async (input) =>
      files.write(
        repoOf(input),
        input.path,
        input.content,
        input.baseVersion,
        input.overwrite ?? false,
      ),
    'files.create': async (input) => {
      await files.create(repoOf(input), input.path, input.kind)
      return null
    },
    'files.rename': async (input) => {
      await files.rename(repoOf(input), input.from, input.to)
      return null
    },
    'files.delete': async (input) => {
      await files.remove(repoOf(input), input.path)
      return null
    },
    'files.search': async (input) =>
      textSearch.search(repoOf(input), {
        pattern: input.pattern,
        regex: input.regex,
        caseSensitive: input.caseSensitive,
      }),
    'git.status': async (input) => git.status(repoOf(input)),
    'git.headContent': async (input) => {
      const repo = repoOf(input)
      const { relative } = await resolveInRepo(repo, input.path)
      return { content: await git.showHead(repo, relative) }
    },
    'git.add': async (input) => {
      const repo = repoOf(input)
      const paths = await Promise.all(
        input.paths.map(async (p) => (await resolveInRepo(repo, p)).relative),
      )
      await git.add(repo, paths)
      return null
    },
    'git.log': async (input) => git.log(repoOf(input)),
    'git.commitDetails': async (input) => git.commitDetails(repoOf(input), input.hash),
    'git.discard': async (input) => {
      const repo = repoOf(input)
      const { relative } = await resolveInRepo(repo, input.path)
      await git.discard(repo, relative)
      events.emit('repo.changed', await workspace.describe(repo))
      return null
    },
    'git.commit': async (input) => {
      const repo = repoOf(input)
      const paths = await Promise.all(
        input.paths.map(async (p) => (await resolveInRepo(repo, p)).relative),
      )
      const commit = await git.commit(repo, paths, input.message)
      events.emit('repo.changed', await workspace.describe(repo))
      return { commit }
    },
    'nix.parse': async (input) => {
      const repo = repoOf(input)
      const { relative } = await resolveInRepo(repo, input.path)
      return nixCheck.parse(repo, relative, input.content)
    },
    'nix.hosts': async (input) => nixCheck.hosts(repoOf(input)),
    'nix.checkHost': async (input) => nixCheck.checkHost(repoOf(input), input.host),
    'nix.format': async (input) => {
      const repo = repoOf(input)
      const { relative } = await resolveInRepo(repo, input.path)
      return nixCheck.format(repo, relative, input.content)
    },
    'session.get': async (input) => sessions.get(repoOf(input)),
    'drafts.save': async (input) => {
      const repo = repoOf(input)
      const { relative } = await resolveInRepo(repo, input.path)
      drafts.save(repo, { path: relative, content: input.content, baseVersion: input.baseVersion })
      return null
    },
    'drafts.list': async (input) => {
      const repo = repoOf(input)
      return describeDrafts(repo, drafts.list(repo))
    },
    'drafts.discard': async (input) => {
      const repo = repoOf(input)
      drafts.discard(repo, normaliseRelative(input.path))
      return null
    },
    'session.set': async (input) => {
      sessions.set(repoOf(input), input.state)
      return null
    },
    'inputs.read': (input) =>
      inputs.read(repoOf(input), { staleAfterDays: settings.get().inputAgeWarningDays }),
    'inputs.versions': (input) => inputs.versions(repoOf(input), input.name),
    'inputs.preview': (input) => inputs.preview(repoOf(input), input.spec),
    'inputs.apply': (input) => inputs.apply(repoOf(input), input.previewId),
    'inputs.update': (input) => inputs.update(repoOf(input), input.names),
    'inputs.pin': (input) =>
      inputs.pin(repoOf(input), input.name, input.target, {
        editFlakeNix: input.editFlakeNix ?? true,
      }),
    'inputs.commitLock': async (input) => {
      const repo = repoOf(input)
      const commit = await inputs.commitLock(repo, input.message, {
        includeFlakeNix: input.includeFlakeNix ?? false,
      })
      events.emit('repo.changed', await workspace.describe(repo))
      return { commit }
    },
    'inputs.undo': (input) => inputs.undo(repoOf(input)),
    'inputs.commitLog': (input) =>
      inputs.commitLog(repoOf(input), input.name, input.from, input.to),
    'inputs.upstreamDistance': (input) => inputs.upstreamDistance(repoOf(input), input.name),
    'predict.run': async (input) => {
      const { requestId, host } = input
      predictions.get(requestId)?.abort()
      const controller = new AbortController()
      predictions.set(requestId, controller)
      try {
        return await predict.predict(repoOf(input), host, input.change, {
          signal: controller.signal,
          offline: input.offline ?? false,
          refresh: input.refresh ?? false,
          onProgress: (progress) =>
            events.emit('predict.progress', { ...progress, requestId, host }),
        })
      } finally {
        if (predictions.get(requestId) === controller) predictions.delete(requestId)
      }
    },
    'predict.cancel': ({ requestId }) => {
      predictions.get(requestId)?.abort()
      return null
    },
    'generations.list': async (input) => {
      const timeline = await generations.list(profileOf(input))
      const runs = rebuild.store.byStorePaths(timeline.generations.map((g) => g.storePath))
      return {
        ...timeline,
        generations: timeline.generations.map((g) => {
          const run = runs.get(g.storePath)
          return {
            ...g,
            builtBy: run
              ? {
                  runId: run.id,
                  repo: run.repo,
                  host: run.host,
                  startedAt: run.startedAt,
                  gitCommit: run.gitCommit,
                  gitDirty: run.gitDirty,
                  flakeLockSha256: run.flakeLockSha256,
                }
              : null,
          }
        }),
      }
    },
    'generations.compare': (input) =>
      generations.compare(profileOf(input), input.before, input.after),
    'generations.sourceDiff': (input) => sourceDiff.diff(repoOf(input), input.from, input.to),
    'generations.delete': (input) =>
      generations.delete(profileOf(input), input.selection, { gc: input.gc }),
    'generations.switch': async (input) => {
      await generations.switchTo(profileOf(input), input.number)
      return null
    },
    'generations.activationPlan': async (input) => {
      try {
        const { plan, host, target } = await rebuild.planGenerationSwitch(
          generationSwitchInput(input),
        )
        return { plan, host, storePath: target.storePath }
      } catch (error) {
        // Not activatable (gone, invalid, no switch-to-configuration): the dialog says why.
        if (
          error instanceof AppError &&
          (error.code === 'not-found' || error.code === 'bad-request')
        )
          return { refused: error.toData() }
        throw error
      }
    },
    'generations.activate': (input) =>
      rebuild.switchToGeneration({ ...generationSwitchInput(input), repo: repoOf(input) }),
    'generations.gc': () => generations.gc(),
    'generations.pin': (input) => generations.pin(profileOf(input), input.number, input.label),
    'generations.unpin': async (input) => ({
      unpinned: await generations.unpin(profileOf(input), input.number),
    }),
    'generations.cleanupPlan': (input) => generations.cleanupPlan(profileOf(input), input.policy),
    'generations.profiles': () => knownProfiles(),
    'generations.boot': async () => {
      const s = settings.get()
      const system = s.rebuildMode === 'profile' ? s.rebuildProfilePath : defaultSystemProfile
      // The entries name generations of the system profile; without one they are listed as is.
      const known = await readProfile(system).then(
        (snapshot) => snapshot.generations,
        () => [],
      )
      return readBootState(s.bootDir, known)
    },
    'generations.bootFit': (input) => bootFit(settings.get().bootDir, input.storePath),
    'generations.addProfile': async (input) => {
      const path = await checkAddedProfile(input.path)
      const { extraProfiles } = settings.get()
      if (!extraProfiles.includes(path)) settings.set({ extraProfiles: [...extraProfiles, path] })
      if (input.view) settings.set({ profilePath: path })
      return knownProfiles()
    },
    'generations.removeProfile': (input) => {
      const { extraProfiles } = settings.get()
      settings.set({ extraProfiles: extraProfiles.filter((p) => p !== input.path) })
      return knownProfiles()
    },
    'generations.cleanup': (input) =>
      generations.cleanup(profileOf(input), input.policy, {
        expectedGoes: input.expectedGoes,
        onProgress: (progress) => events.emit('generations.cleanupProgress', progress),
      }),
    'rebuild.plan': (input) => rebuild.plan(rebuildInput(input)),
    'rebuild.start': (input) => rebuild.start(rebuildInput(input)),
    'rebuild.cancel': ({ runId }) => {
      rebuild.cancel(runId)
      return null
    },
    'rebuild.confirm': ({ runId }) => {
      rebuild.confirm(runId)
      return null
    },
    'rebuild.decline': ({ runId }) => {
      rebuild.decline(runId)
      return null
    },
    'rebuild.input': ({ runId, data }) => {
      rebuild.write(runId, data)
      return null
    },
    'rebuild.resize': ({ runId, cols, rows }) => {
      rebuild.resize(runId, cols, rows)
      return null
    },
    'rebuild.feed': ({ runId, from, fromLine, waitMs }) =>
      rebuild.feed(runId, from, fromLine, waitMs ?? 0),
    'rebuild.active': (input) => rebuild.attach(repoOf(input)),
    'rebuild.list': (input) => rebuild.list({ repo: repoOf(input), limit: input.limit ?? 50 }),
    'rebuild.output': ({ runId }) => ({ output: rebuild.output(runId) }),
    'rebuild.log': ({ runId, from, count }) => rebuild.log(runId, from, count),
    'rebuild.logSearch': ({ runId, query, from, limit }) =>
      rebuild.searchLog(runId, query, from ?? 1, limit ?? 200),
    'repo.recent': () => workspace.recent(),
    'repo.forget': ({ path }) => workspace.forget(path),
    'repo.findFlake': ({ path }) => workspace.findFlake(path),
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
    files,
    nixCheck,
    inputs,
    generations,
    rebuild,
    dispatch,
    close: async () => {
      await rebuild.dispose()
      await watcher.close()
      db.close()
    },
  }
}
