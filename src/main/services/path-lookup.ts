import { access, constants } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'

/** The absolute path of an executable on PATH, or null. */
export async function findOnPath(
  command: string,
  pathValue: string | undefined,
): Promise<string | null> {
  if (isAbsolute(command)) return (await isExecutable(command)) ? command : null
  const candidates = (pathValue ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, command))
  // All folders are asked at once and the first in PATH's order wins: one wait instead of one
  // per folder (nix-env, late in a PATH of ten, waited for ten in a row before a rebuild's step).
  const found = await Promise.all(candidates.map(isExecutable))
  return candidates[found.indexOf(true)] ?? null
}

/** Whether `path` is a file this user may run. */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
