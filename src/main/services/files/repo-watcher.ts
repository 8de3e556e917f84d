// Tells the UI when files of an open repo change on disk (another editor, git checkout, nix
// flake update), so open files reload or ask. .git and ignored build outputs are not watched.
import { watch, type FSWatcher } from 'chokidar'
import { relative, sep } from 'node:path'

export type FileChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir'
export type FileChangeListener = (change: {
  repo: string
  path: string
  kind: FileChangeKind
}) => void

const fileChangeKinds = new Set<string>(['add', 'change', 'unlink', 'addDir', 'unlinkDir'])
const ignoredSegments = new Set(['.git', 'node_modules', '.direnv'])

export class RepoWatcher {
  private readonly watchers = new Map<string, FSWatcher>()

  constructor(private readonly listener: FileChangeListener) {}

  async watch(repo: string): Promise<void> {
    if (this.watchers.has(repo)) return
    const watcher = watch(repo, {
      ignoreInitial: true,
      // `result` and friends are nix's out-links into the store; never follow them.
      followSymlinks: false,
      ignored: (path) => {
        const rel = relative(repo, path)
        return (
          rel.split(sep).some((segment) => ignoredSegments.has(segment)) ||
          /^result(-\w+)?$/.test(rel)
        )
      },
      awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 },
    })
    this.watchers.set(repo, watcher)
    watcher.on('all', (kind, path) => {
      if (!fileChangeKinds.has(kind)) return
      this.listener({
        repo,
        path: relative(repo, path).split(sep).join('/'),
        kind: kind as FileChangeKind,
      })
    })
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  }

  async unwatch(repo: string): Promise<void> {
    await this.watchers.get(repo)?.close()
    this.watchers.delete(repo)
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.close()))
    this.watchers.clear()
  }
}
