// Every path the UI names is relative to the open repo and must stay inside it: no absolute
// paths, no `..`, nothing under .git, and no symlink that leads out. The checks run once, at the
// edge (the core's handlers), and their result is a RepoPath: every service that takes a path
// inside the repo asks for one, so an unchecked string cannot reach a file operation.
import { lstat, readlink, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import { AppError } from '../../../shared/app-error'

function outside(path: string): AppError {
  return new AppError('bad-request', `"${path}" is outside the repo.`, {
    hint: 'Flakedeck only opens and writes files inside the open repo.',
  })
}

/** Normalised repo-relative path (forward slashes), or an error for anything that escapes. */
function normaliseRelative(path: string): string {
  if (path.includes('\0') || isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) throw outside(path)
  const normal = normalize(path).split(sep).join('/').replace(/\/+$/, '')
  if (normal === '' || normal === '.' || normal === '..' || normal.startsWith('../'))
    throw outside(path)
  if (normal === '.git' || normal.startsWith('.git/')) {
    throw new AppError('bad-request', 'The .git folder is not shown or edited in Flakedeck.')
  }
  return normal
}

declare const checkedInRepo: unique symbol

/**
 * A path inside a repo: relative to its top, normalised (forward slashes, no `.` or `..`), not
 * under .git, and not leading out through a symlink when it was made. Only toRepoPath makes one.
 */
export type RepoPath = string & { readonly [checkedInRepo]: true }

async function deepestExisting(path: string): Promise<string> {
  let current = path
  for (;;) {
    try {
      return await realpath(current)
    } catch {
      const parent = dirname(current)
      if (parent === current) return current
      current = parent
    }
  }
}

/** `path` checked to stay inside `repoRoot`, after resolving symlinks on the way. */
export async function toRepoPath(repoRoot: string, path: string): Promise<RepoPath> {
  const rel = normaliseRelative(path)
  const realRoot = await realpath(repoRoot)
  const real = await deepestExisting(join(repoRoot, rel))
  const fromRoot = relative(realRoot, real)
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) throw outside(path)
  return rel as RepoPath
}

/** Where a checked path is on disk. */
export function absoluteIn(repoRoot: string, path: RepoPath): string {
  return join(repoRoot, path)
}

/** Symlink hops followed before giving up, as the kernel does (ELOOP). */
const maxLinkHops = 40

/**
 * Where a write to `absolute` lands: the file itself, or, when it is a symlink, the file the
 * link leads to (so saving `link.nix` changes `hosts/real.nix` and the link stays a link). The
 * target must be inside the repo and outside .git, even when it does not exist yet.
 */
export async function resolveWriteTarget(repoRoot: string, absolute: string): Promise<string> {
  let current = absolute
  for (let hop = 0; ; hop++) {
    let isLink: boolean
    try {
      isLink = (await lstat(current)).isSymbolicLink()
    } catch {
      break // not there yet: the write creates it
    }
    if (!isLink) break
    if (hop === maxLinkHops) {
      throw new AppError('bad-request', `${relative(repoRoot, absolute)} is a loop of symlinks.`, {
        hint: 'Point the link at a file, then save again.',
      })
    }
    current = resolve(dirname(current), await readlink(current))
  }
  const realRoot = await realpath(repoRoot)
  const fromRoot = relative(realRoot, await deepestExisting(current))
  const firstSegment = fromRoot.split(sep)[0]
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot) || firstSegment === '.git') {
    throw outside(relative(repoRoot, absolute))
  }
  return current
}
