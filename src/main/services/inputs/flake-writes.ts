// How a change reaches the repo's flake.nix and flake.lock: only if each file is still what the
// change started from. A save in the editor, another window's update or another program's edit
// that landed meanwhile is never overwritten: the change is refused as a conflict instead, and
// nothing is written. (The check and the rename are microseconds apart; a write landing exactly
// between them is the one case this cannot see, as for any editor without file locks.)
import { readFile } from 'node:fs/promises'
import { LockfileError, parseLockfile } from '../../../shared/lockfile/parse-lockfile'
import { AppError } from '../../../shared/app-error'
import { writeFileAtomic } from '../files/atomic-write'
import { resolveWriteTarget } from '../files/repo-paths'

/** The file's bytes, or null when there is none. */
export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** A lock nix made must parse as a lock of a known version before it goes anywhere near the repo. */
export function checkNewLock(text: string): void {
  try {
    parseLockfile(text)
  } catch (error) {
    if (error instanceof LockfileError) {
      throw new AppError('command-failed', `nix made an unusable flake.lock: ${error.message}`, {
        hint: "The repo's flake.lock was not changed.",
      })
    }
    throw error
  }
}

export interface GuardedFile {
  /** Absolute path in the repo. */
  path: string
  /** Its name in messages: `flake.lock`. */
  name: string
  /** The text the change started from; null when the file did not exist. */
  before: string | null
  /** The text to write; null (or `before`) leaves the file alone but still requires it unchanged. */
  after: string | null
}

export function conflictError(name: string, doing: string): AppError {
  return new AppError('conflict', `${name} changed on disk while Flakedeck was ${doing}.`, {
    hint: `Nothing was written: the other change (a save, another window or another program) was kept. Look at ${name}, then try again so Flakedeck starts from it.`,
  })
}

/**
 * Writes every file whose `after` differs from `before`, if every listed file still holds its
 * `before` text; otherwise throws a conflict naming the first that changed. `root` is the flake's
 * folder: a file that is a symlink is written at its target, which must stay inside it.
 */
export async function writeIfUnchanged(
  root: string,
  files: readonly GuardedFile[],
  doing: string,
): Promise<void> {
  const writes = files.filter((file) => file.after !== null && file.after !== file.before)
  if (writes.length === 0) return
  for (const file of files) {
    const now = await readIfExists(file.path)
    const same = now === null ? file.before === null : now.toString('utf8') === file.before
    if (!same) throw conflictError(file.name, doing)
  }
  for (const file of writes) {
    await writeFileAtomic(await resolveWriteTarget(root, file.path), file.after!)
  }
}
