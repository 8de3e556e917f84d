// flake.lock is never left half-written: files are written through a temp file renamed over
// the original, and a nix run that may rewrite them happens between a copy and a check. When the
// run fails, or leaves a file that does not validate, each file goes back to its copy.
import { readFile, rm } from 'node:fs/promises'
import { LockfileError, parseLockfile } from '../../../shared/lockfile/parse-lockfile'
import { AppError } from '../../core/app-error'
import { writeFileAtomic } from '../files/atomic-write'

export { writeFileAtomic }

/** The file's bytes, or null when there is none. */
export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export interface GuardedFile {
  path: string
  /** Throws when the file's new content must not stay; called only when it changed. */
  validate?: (text: string) => void
}

async function restore(path: string, copy: Buffer | null): Promise<void> {
  if (copy === null) await rm(path, { force: true })
  else await writeFileAtomic(path, copy)
}

/**
 * Runs `action` with a copy of each file taken first. If the action throws, or a changed file
 * fails its check, every changed file is put back byte for byte before the error goes on.
 */
export async function withFileGuard<T>(
  files: readonly GuardedFile[],
  action: () => Promise<T>,
): Promise<T> {
  const copies = await Promise.all(files.map((file) => readIfExists(file.path)))
  const restoreChanged = async () => {
    for (const [index, file] of files.entries()) {
      const copy = copies[index] ?? null
      const now = await readIfExists(file.path)
      const same = now === null ? copy === null : copy !== null && now.equals(copy)
      if (!same) await restore(file.path, copy)
    }
  }
  let result: T
  try {
    result = await action()
  } catch (error) {
    await restoreChanged()
    throw error
  }
  for (const [index, file] of files.entries()) {
    const now = await readIfExists(file.path)
    const copy = copies[index] ?? null
    if (!file.validate || now === null || (copy !== null && now.equals(copy))) continue
    try {
      file.validate(now.toString('utf8'))
    } catch (error) {
      await restoreChanged()
      throw error
    }
  }
  return result
}

/** Checks a freshly written flake.lock; what nix wrote must parse as a lock of a known version. */
export function validateWrittenLock(text: string): void {
  try {
    parseLockfile(text)
  } catch (error) {
    if (error instanceof LockfileError) {
      throw new AppError('command-failed', `nix left an unusable flake.lock: ${error.message}`, {
        hint: 'The previous flake.lock has been put back unchanged.',
      })
    }
    throw error
  }
}

/** Guards flake.lock (and any other files a step touches) around a nix run. */
export function withLockGuard<T>(
  lockPath: string,
  action: () => Promise<T>,
  otherFiles: readonly GuardedFile[] = [],
): Promise<T> {
  return withFileGuard([{ path: lockPath, validate: validateWrittenLock }, ...otherFiles], action)
}
