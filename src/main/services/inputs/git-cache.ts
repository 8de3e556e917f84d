// Version-picker and changelog data from git itself: the branches and tags of an input's
// repository (`git ls-remote`), and its history from a bare clone cached under the data
// directory. The clone holds commits only (`--filter=tree:0`), so even nixpkgs stays small, and
// later calls fetch just what is new.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { shortRev } from '../../../shared/lockfile/flake-ref'
import type { CommitEntry, CommitRange } from '../../../shared/lockfile/schemas'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import { KeyedQueue } from '../keyed-queue'

export interface RefEntry {
  name: string
  /** The commit (tags peeled). */
  rev: string
}

export type { CommitEntry, CommitRange }

export interface RemoteRefs {
  /** The branch the remote's HEAD points to. */
  head: string | null
  branches: RefEntry[]
  tags: RefEntry[]
}

const logFormat = '--format=%H%x1f%ct%x1f%an%x1f%s%x1e'

/**
 * git log of up to `limit` commits of `revs` in the form parseLog reads; a signature check the
 * user's config turns on would print lines between the commits.
 */
function logArgs(limit: number, revs: string): string[] {
  return ['-c', 'log.showSignature=false', 'log', `--max-count=${limit}`, logFormat, revs, '--']
}
const fullRevPattern = /^[0-9a-f]{40}$/
const cloneTimeoutMs = 30 * 60_000
const fetchTimeoutMs = 10 * 60_000
const remoteTimeoutMs = 2 * 60_000

/** `<sanitised url>-<hash>`: readable in a file manager, unique per URL. */
export function cacheDirName(url: string): string {
  const readable = url
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60)
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16)
  return `${readable || 'repo'}-${hash}`
}

function parseLog(stdout: string): CommitEntry[] {
  return stdout
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [rev = '', date = '0', author = '', subject = ''] = record.split('\x1f')
      return { rev, shortRev: shortRev(rev), date: Number(date), author, subject }
    })
}

function unreachable(url: string, stderr: string): AppError {
  const reason =
    stderr
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /^(fatal|error):/.test(line)) ?? stderr.trim().split('\n')[0]
  return new AppError('command-failed', `Could not reach the git repository ${url}.`, {
    hint: 'Check the address and your network connection; for a private repository, check that git can log in without asking.',
    ...(reason ? { details: reason } : {}),
  })
}

export class GitCache {
  /** One operation per cached repository at a time. */
  private readonly busy = new KeyedQueue()
  private readonly fetchedAt = new Map<string, number>()

  /** `root` is `<dataDir>/git-cache`. */
  constructor(
    private readonly git: GitService,
    private readonly root: string,
    private readonly freshForMs = 60_000,
  ) {}

  pathFor(url: string): string {
    return join(this.root, cacheDirName(url))
  }

  /** Branches and tags straight from the remote, without touching the cache. */
  async remoteRefs(url: string): Promise<RemoteRefs> {
    await mkdir(this.root, { recursive: true })
    const result = await this.git.run(
      this.root,
      ['ls-remote', '--symref', '--', url, 'HEAD', 'refs/heads/*', 'refs/tags/*'],
      { timeoutMs: remoteTimeoutMs },
    )
    if (result.code !== 0) throw unreachable(url, result.stderr)
    const branches: RefEntry[] = []
    const tags = new Map<string, string>()
    let head: string | null = null
    for (const line of result.stdout.split('\n')) {
      const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line)
      if (symref) {
        head = symref[1] ?? null
        continue
      }
      const [rev, ref] = line.split('\t')
      if (!rev || !ref || !fullRevPattern.test(rev)) continue
      if (ref.startsWith('refs/heads/')) branches.push({ name: ref.slice(11), rev })
      else if (ref.startsWith('refs/tags/')) {
        const peeled = ref.endsWith('^{}')
        const name = ref.slice(10, peeled ? -3 : undefined)
        // The peeled line names the commit an annotated tag points to; it wins.
        if (peeled || !tags.has(name)) tags.set(name, rev)
      }
    }
    const byName = (a: RefEntry, b: RefEntry) => a.name.localeCompare(b.name)
    return {
      head,
      branches: branches.sort(byName),
      tags: [...tags].map(([name, rev]) => ({ name, rev })).sort(byName),
    }
  }

  /** The bare clone for `url`, cloned on first use and fetched when older than a minute. */
  sync(url: string, options: { force?: boolean } = {}): Promise<string> {
    return this.busy.run(url, async () => {
      const dir = this.pathFor(url)
      const fresh = Date.now() - (this.fetchedAt.get(dir) ?? 0) < this.freshForMs
      if (!options.force && fresh && (await this.exists(dir))) return dir
      if (await this.exists(dir)) {
        const fetched = await this.fetch(dir)
        if (fetched.ok) {
          this.fetchedAt.set(dir, Date.now())
          return dir
        }
        if (!fetched.broken) throw unreachable(url, fetched.stderr)
        // A clone git no longer reads (interrupted, disk trouble): start again.
        await rm(dir, { recursive: true, force: true })
      }
      await this.clone(url, dir)
      this.fetchedAt.set(dir, Date.now())
      return dir
    })
  }

  /** The newest commits of `branch` (or of the remote's default branch when null). */
  async recentCommits(url: string, branch: string | null, limit: number): Promise<CommitEntry[]> {
    const dir = await this.sync(url)
    const ref = branch ? `refs/heads/${branch}` : 'HEAD'
    const result = await this.git.run(dir, logArgs(limit, ref))
    if (result.code !== 0) {
      throw new AppError(
        'not-found',
        `The branch "${branch ?? 'HEAD'}" does not exist in ${url}.`,
        {
          hint: 'Pick another branch; it may have been renamed or deleted.',
          details: result.stderr.trim(),
        },
      )
    }
    return parseLog(result.stdout)
  }

  /** One commit's date and subject, or null when the repository does not have it. */
  async commit(url: string, rev: string): Promise<CommitEntry | null> {
    const dir = await this.sync(url)
    if (!(await this.ensureCommit(dir, rev))) return null
    const result = await this.git.run(dir, logArgs(1, rev))
    return result.code === 0 ? (parseLog(result.stdout)[0] ?? null) : null
  }

  /** The commits between two revisions, newest first, capped at `limit`. */
  async commitsBetween(url: string, from: string, to: string, limit: number): Promise<CommitRange> {
    const dir = await this.sync(url)
    for (const rev of [from, to]) {
      if (!(await this.ensureCommit(dir, rev))) {
        throw new AppError('not-found', `Commit ${shortRev(rev)} is not in ${url}.`, {
          hint: 'It may have been on a branch that was deleted or force-pushed since it was locked.',
        })
      }
    }
    if (from === to) return { from, to, direction: 'same', count: 0, commits: [], more: 0 }
    const ahead = await this.countRange(dir, from, to)
    const behind = await this.countRange(dir, to, from)
    const direction = behind === 0 ? 'forward' : ahead === 0 ? 'backward' : 'diverged'
    const [base, tip, count] = direction === 'backward' ? [to, from, behind] : [from, to, ahead]
    const log = await this.git.runChecked(dir, logArgs(limit, `${base}..${tip}`))
    const commits = parseLog(log.stdout)
    return { from, to, direction, count, commits, more: Math.max(0, count - commits.length) }
  }

  private async countRange(dir: string, from: string, to: string): Promise<number> {
    const result = await this.git.runChecked(dir, ['rev-list', '--count', `${from}..${to}`, '--'])
    return Number(result.stdout.trim())
  }

  /** Whether the clone has `rev`; a commit no branch holds any more is fetched by hash. */
  private async ensureCommit(dir: string, rev: string): Promise<boolean> {
    if (!fullRevPattern.test(rev)) return false
    const has = async () =>
      (await this.git.run(dir, ['cat-file', '-e', `${rev}^{commit}`])).code === 0
    if (await has()) return true
    await this.git.run(dir, ['fetch', '--quiet', 'origin', rev], { timeoutMs: fetchTimeoutMs })
    return has()
  }

  private async fetch(
    dir: string,
  ): Promise<{ ok: true } | { ok: false; broken: boolean; stderr: string }> {
    const result = await this.git.run(
      dir,
      [
        'fetch',
        '--quiet',
        '--prune',
        '--force',
        'origin',
        '+refs/heads/*:refs/heads/*',
        '+refs/tags/*:refs/tags/*',
      ],
      { timeoutMs: fetchTimeoutMs },
    )
    if (result.code === 0) return { ok: true }
    const broken = /not a git repository|bad object|corrupt|does not appear to be a git/i.test(
      result.stderr,
    )
    const isRepo = (await this.git.run(dir, ['rev-parse', '--git-dir'])).code === 0
    return { ok: false, broken: broken && !isRepo, stderr: result.stderr }
  }

  private async clone(url: string, dir: string): Promise<void> {
    await mkdir(this.root, { recursive: true })
    // Cloned beside its final place and renamed, so an interrupted clone is never mistaken for
    // a complete one.
    const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`
    const result = await this.git.run(
      this.root,
      ['clone', '--bare', '--quiet', '--filter=tree:0', '--', url, partial],
      { timeoutMs: cloneTimeoutMs },
    )
    if (result.code !== 0) {
      await rm(partial, { recursive: true, force: true })
      throw unreachable(url, result.stderr)
    }
    try {
      await rename(partial, dir)
    } catch {
      // Another clone of the same URL finished first; keep that one.
      await rm(partial, { recursive: true, force: true })
    }
  }

  private async exists(dir: string): Promise<boolean> {
    try {
      return (await stat(dir)).isDirectory()
    } catch {
      return false
    }
  }
}
