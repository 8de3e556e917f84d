import { access, constants } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'

/** The absolute path of an executable on PATH, or null. */
export async function findOnPath(
  command: string,
  pathValue: string | undefined,
): Promise<string | null> {
  if (isAbsolute(command)) return (await isExecutable(command)) ? command : null
  for (const dir of (pathValue ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, command)
    if (await isExecutable(candidate)) return candidate
  }
  return null
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
