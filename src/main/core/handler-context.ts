// What the handlers of every area are given: the services, the event hub, the app's own facts,
// and the two checks at the edge that every repo-scoped call passes: the repo must be open, and
// a path inside it must stay inside it (the one place a RepoPath is made).
import type Database from 'better-sqlite3'
import { toRepoPath, type RepoPath } from '../services/files/repo-paths'
import type { DraftsStore } from '../services/files/drafts-store'
import type { FilesService } from '../services/files/files-service'
import type { RepoWatcher } from '../services/files/repo-watcher'
import type { SessionStore } from '../services/files/session-store'
import type { GenerationsService } from '../services/generations/generations-service'
import type { ProfileList } from '../services/generations/profile-list'
import type { GitService } from '../services/git'
import type { InputsService } from '../services/inputs/inputs-service'
import type { NixService } from '../services/nix'
import type { NixCheckService } from '../services/nix-check/nix-check-service'
import type { PredictService } from '../services/predict/predict-service'
import type { ProcessRunner } from '../services/process-runner'
import type { RebuildService } from '../services/rebuild/rebuild-service'
import type { TextSearch } from '../services/search/text-search'
import type { SettingsService } from '../services/settings'
import type { SourceDiffService } from '../services/source-diff'
import type { WorkspaceService } from '../services/workspace'
import type { EventHub } from './events'

export type ShellKind = 'electron' | 'browser'

export interface CoreServices {
  db: Database.Database
  runner: ProcessRunner
  nix: NixService
  git: GitService
  settings: SettingsService
  workspace: WorkspaceService
  files: FilesService
  textSearch: TextSearch
  sessions: SessionStore
  drafts: DraftsStore
  watcher: RepoWatcher
  nixCheck: NixCheckService
  inputs: InputsService
  generations: GenerationsService
  profiles: ProfileList
  sourceDiff: SourceDiffService
  predict: PredictService
  rebuild: RebuildService
}

export interface AppFacts {
  version: string
  shell: ShellKind
  dataDir: string
  initialRepo: string | null
}

export interface HandlerContext extends CoreServices {
  events: EventHub
  app: AppFacts
  /** The repo a call names, if it is open; every repo-scoped call goes through here. */
  repoOf(input: { repo: string }): string
  /** A path a call names, checked to stay inside `repo` (no `..`, no symlink leading out). */
  pathIn(repo: string, path: string): Promise<RepoPath>
}

export function createHandlerContext(
  services: CoreServices,
  events: EventHub,
  app: AppFacts,
): HandlerContext {
  return {
    ...services,
    events,
    app,
    repoOf: (input) => services.workspace.requireOpen(input.repo).path,
    pathIn: toRepoPath,
  }
}
