import { accessSync, constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'

/** The absolute path of an executable on PATH, or null. */
export async function findOnPath(
  command: string,
  pathValue: string | undefined,
): Promise<string | null> {
  if (isAbsolute(command)) return (await isExecutable(command)) ? command : null
  const candidates = candidatesOf(command, pathValue)
  // All folders are asked at once and the first in PATH's order wins: one wait instead of one
  // per folder (nix-env, late in a PATH of ten, waited for ten in a row before a rebuild's step).
  const found = await Promise.all(candidates.map(isExecutable))
  return candidates[found.indexOf(true)] ?? null
}

/**
 * findOnPath without a wait, for the step of a run about to start: each access() through the
 * thread pool cost a rebuild's step about half a millisecond of waking up, on the path from one
 * command's end to the next one's start, and a look at a few local folders takes microseconds
 * (the app's thread writes its database synchronously too).
 */
export function findOnPathNow(command: string, pathValue: string | undefined): string | null {
  if (isAbsolute(command)) return isExecutableNow(command) ? command : null
  return candidatesOf(command, pathValue).find(isExecutableNow) ?? null
}

function candidatesOf(command: string, pathValue: string | undefined): string[] {
  return (pathValue ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, command))
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

/** isExecutable without a wait (see findOnPathNow). */
export function isExecutableNow(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
