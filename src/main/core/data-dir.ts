import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the app keeps its database and caches: FLAKEDECK_DATA_DIR when set, else the desktop
 * shell's own folder (Electron's userData), else $XDG_DATA_HOME/flakedeck.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, shellDefault?: string): string {
  if (env.FLAKEDECK_DATA_DIR) return env.FLAKEDECK_DATA_DIR
  if (shellDefault) return shellDefault
  const xdg = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share')
  return join(xdg, 'flakedeck')
}
