// Paths as people type them: `~/nixos-config` means the folder in their home, as in a shell. The
// page cannot know the core's home folder (browser mode may run elsewhere), so the core expands.
import { homedir } from 'node:os'
import { join } from 'node:path'

/** `~` and `~/…` in the core's home folder; anything else unchanged (`~user` is not expanded). */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return path
}
