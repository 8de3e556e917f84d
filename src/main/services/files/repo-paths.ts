// Every path the UI names is relative to the open repo and must stay inside it: no absolute
// paths, no `..`, nothing under .git, and no symlink that leads out.
import { lstat, readlink, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import { AppError } from '../../../shared/app-error'

function outside(path: string): AppError {
  return new AppError('bad-request', `"${path}" is outside the repo.`, {
    hint: 'Flakedeck only opens and writes files inside the open repo.',
  })
}

/** Normalised repo-relative path (forward slashes), or an error for anything that escapes. */
export function normaliseRelative(path: string): string {
  if (path.includes('\0') || isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) throw outside(path)
  const normal = normalize(path).split(sep).join('/').replace(/\/+$/, '')
  if (normal === '' || normal === '.' || normal === '..' || normal.startsWith('../'))
    throw outside(path)
  if (normal === '.git' || normal.startsWith('.git/')) {
    throw new AppError('bad-request', 'The .git folder is not shown or edited in Flakedeck.')
  }
  return normal
}

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

/** The absolute path of `path` inside `repoRoot`, after resolving symlinks on the way. */
export async function resolveInRepo(
  repoRoot: string,
  path: string,
): Promise<{ absolute: string; relative: string }> {
  const rel = normaliseRelative(path)
  const absolute = join(repoRoot, rel)
  const realRoot = await realpath(repoRoot)
  const real = await deepestExisting(absolute)
  const fromRoot = relative(realRoot, real)
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) throw outside(path)
  return { absolute, relative: rel }
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
