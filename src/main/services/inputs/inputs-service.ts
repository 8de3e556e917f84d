// The Inputs area's service: its rooms wired together over one git cache. Reading
// (inputs-reader.ts), changing the lock with the one per-flake queue and the file guards
// (lock-changes.ts), previews (lock-previews.ts) and version browsing (input-versions.ts) each
// hold their own idea; this only builds them and answers for them under one name.
import { join } from 'node:path'
import type { PinTarget } from '../../../shared/lockfile/flake-ref'
import type {
  CommitRange,
  InputsOverview,
  LockChangeResult,
  LockPreview,
  UpdateSpec,
  UpstreamDistance,
  VersionChoices,
} from '../../../shared/lockfile/schemas'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import { ChangePlanner } from './change-plan'
import { CopyLocker } from './copy-locker'
import { GitCache } from './git-cache'
import { InputsReader } from './inputs-reader'
import { InputVersions } from './input-versions'
import { LockChanges } from './lock-changes'
import { LockPreviews } from './lock-previews'

export interface InputsServiceOptions {
  nix: NixService
  git: GitService
  /** The app's data directory; the git cache lives in `<dataDir>/git-cache`. */
  dataDir: string
  /** Milliseconds since the epoch; tests fix it. */
  now?: () => number
}

export class InputsService {
  readonly cache: GitCache
  readonly reader: InputsReader
  readonly previews: LockPreviews
  readonly changes: LockChanges
  readonly versionBrowser: InputVersions

  constructor(options: InputsServiceOptions) {
    const { nix, git } = options
    this.cache = new GitCache(git, join(options.dataDir, 'git-cache'))
    const locker = new CopyLocker(nix, git)
    const planner = new ChangePlanner(nix, this.cache)
    this.reader = new InputsReader(nix, git, options.now)
    this.previews = new LockPreviews({ git, cache: this.cache, locker, planner })
    this.changes = new LockChanges({ git, locker, planner, previews: this.previews })
    this.versionBrowser = new InputVersions(this.cache)
  }

  read(dir: string, options: { staleAfterDays?: number } = {}): Promise<InputsOverview> {
    return this.reader.read(dir, options)
  }

  preview(
    dir: string,
    spec: UpdateSpec,
    options: { includeLog?: boolean } = {},
  ): Promise<LockPreview> {
    return this.previews.preview(dir, spec, options)
  }

  update(dir: string, target: readonly string[] | 'all'): Promise<LockChangeResult> {
    return this.changes.update(dir, target)
  }

  pin(
    dir: string,
    name: string,
    target: PinTarget,
    options: { editFlakeNix?: boolean } = {},
  ): Promise<LockChangeResult> {
    return this.changes.pin(dir, name, target, options)
  }

  apply(dir: string, previewId: string): Promise<LockChangeResult> {
    return this.changes.apply(dir, previewId)
  }

  undo(dir: string): Promise<LockChangeResult> {
    return this.changes.undo(dir)
  }

  commitLock(
    dir: string,
    message: string,
    options: { includeFlakeNix?: boolean } = {},
  ): Promise<string> {
    return this.changes.commitLock(dir, message, options)
  }

  versions(
    dir: string,
    name: string,
    options: { commitLimit?: number } = {},
  ): Promise<VersionChoices> {
    return this.versionBrowser.versions(dir, name, options)
  }

  upstreamDistance(dir: string, name: string): Promise<UpstreamDistance> {
    return this.versionBrowser.upstreamDistance(dir, name)
  }

  commitLog(
    dir: string,
    name: string,
    fromRev: string,
    toRev: string,
    limit?: number,
  ): Promise<CommitRange> {
    return this.versionBrowser.commitLog(dir, name, fromRev, toRev, limit)
  }
}
