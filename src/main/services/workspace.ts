// Opening a flake repo: the checks a path must pass, the repo's git state, and the list of
// recently opened repos.
import type Database from 'better-sqlite3'
import { realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path'
import type { RecentRepo, RepoInfo } from '../../shared/contract'
import { AppError } from '../../shared/app-error'
import type { GitService } from './git'
import { expandHome } from './home-path'

const recentLimit = 20

export class WorkspaceService {
  private readonly open = new Map<string, RepoInfo>()

  constructor(
    private readonly db: Database.Database,
    private readonly git: GitService,
  ) {}

  /** Validates a folder as a flake repo, remembers it as open and recent, and describes it. */
  async openRepo(typed: string): Promise<RepoInfo> {
    const path = expandHome(typed)
    if (!isAbsolute(path)) {
      throw new AppError('bad-request', `"${path}" is not an absolute path.`, {
        hint: 'Give the full path of the folder, for example /home/you/nixos-config.',
      })
    }
    const dir = resolve(path)
    let stats
    try {
      stats = await stat(dir)
    } catch {
      throw new AppError('not-found', `There is no folder at ${dir}.`, {
        hint: 'Check the path, or pick the folder that holds your flake.nix.',
      })
    }
    if (!stats.isDirectory()) {
      throw new AppError('not-a-directory', `${dir} is a file, not a folder.`, {
        hint: 'Open the folder that holds flake.nix, not a file inside it.',
      })
    }
    const top = await this.git.topLevel(dir)
    if (!top) {
      throw new AppError('not-a-git-repo', `${dir} is not a git repository.`, {
        hint: 'Flakes in a folder are read through git. Run "git init" there and add your files, or open the repo that holds it.',
      })
    }
    try {
      const flake = await stat(resolve(dir, 'flake.nix'))
      if (!flake.isFile()) throw new Error('not a file')
    } catch {
      const root = await this.findFlake(dir)
      throw new AppError('not-a-flake', `${dir} has no flake.nix.`, {
        hint: root.flakeRoot
          ? `It is inside the flake at ${root.flakeRoot}: open that folder.`
          : 'Open the folder whose top holds flake.nix, or create one there ("nix flake init").',
      })
    }
    const info = await this.describe(dir)
    this.open.set(dir, info)
    this.db
      .prepare(
        `INSERT INTO recent_repos (path, name, opened_at) VALUES (?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET name = excluded.name, opened_at = excluded.opened_at`,
      )
      .run(dir, info.name, Date.now())
    this.db
      .prepare(
        `DELETE FROM recent_repos WHERE path NOT IN
         (SELECT path FROM recent_repos ORDER BY opened_at DESC LIMIT ?)`,
      )
      .run(recentLimit)
    return info
  }

  /**
   * Where the flake is for a typed path: the nearest folder from it up to its git repo's top
   * that holds flake.nix (a sub-folder of a flake repo offers the repo's flake), or null.
   */
  async findFlake(typed: string): Promise<{ path: string; flakeRoot: string | null }> {
    const path = resolve(expandHome(typed))
    if (!isAbsolute(expandHome(typed))) return { path, flakeRoot: null }
    const real = await realpath(path).catch(() => null)
    const top = real ? await this.git.topLevel(real).catch(() => null) : null
    if (!real || !top) return { path, flakeRoot: null }
    // Up from the folder to the repo's top, never beyond it (git reads the flake from there).
    for (let dir = real; !relative(top, dir).startsWith('..'); dir = dirname(dir)) {
      const flake = await stat(resolve(dir, 'flake.nix')).catch(() => null)
      if (flake?.isFile()) return { path, flakeRoot: dir }
      if (relative(top, dir) === '' || dir === dirname(dir)) break
    }
    return { path, flakeRoot: null }
  }

  async describe(dir: string): Promise<RepoInfo> {
    const [branch, head, dirty] = await Promise.all([
      this.git.currentBranch(dir),
      this.git.headCommit(dir),
      this.git.isDirty(dir),
    ])
    return { path: dir, name: basename(dir), branch, head, dirty }
  }

  /** The repo at `path` if it was opened through openRepo; other paths are refused. */
  requireOpen(path: string): RepoInfo {
    const info = this.open.get(resolve(path))
    if (!info) {
      throw new AppError('repo-not-open', `${path} is not open in Flakedeck.`, {
        hint: 'Open the repo first.',
      })
    }
    return info
  }

  recent(): RecentRepo[] {
    const rows = this.db
      .prepare('SELECT path, name, opened_at FROM recent_repos ORDER BY opened_at DESC LIMIT ?')
      .all(recentLimit) as { path: string; name: string; opened_at: number }[]
    return rows.map((r) => ({ path: r.path, name: r.name, openedAt: r.opened_at }))
  }

  forget(path: string): RecentRepo[] {
    this.db.prepare('DELETE FROM recent_repos WHERE path = ?').run(resolve(path))
    return this.recent()
  }
}
