// A desktop launcher starts apps with a minimal PATH. On NixOS nix, git, nixos-rebuild and sudo
// live in profile directories that such a PATH may lack; this adds them (after the user's own
// entries, which keep priority), so the tools are found however Flakedeck was started.
import { existsSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { delimiter, join } from 'node:path'

export interface ToolPathOptions {
  /** A prefix for the system directories, for tests; '/' on a real machine. */
  root?: string
  home?: string
  user?: string
}

/** The directories where NixOS and nix installs put programs, in priority order. */
export function nixToolDirs(options: ToolPathOptions = {}): string[] {
  const root = options.root ?? '/'
  const home = options.home ?? homedir()
  const user = options.user ?? safeUserName()
  return [
    join(root, 'run/wrappers/bin'), // setuid sudo on NixOS
    join(home, '.nix-profile/bin'),
    join(home, '.local/state/nix/profile/bin'),
    ...(user ? [join(root, 'etc/profiles/per-user', user, 'bin')] : []),
    join(root, 'nix/var/nix/profiles/default/bin'),
    join(root, 'run/current-system/sw/bin'),
  ]
}

function safeUserName(): string | undefined {
  try {
    return process.env.USER ?? userInfo().username
  } catch {
    return undefined
  }
}

/** PATH with the existing nix tool directories appended where missing. */
export function withNixToolPath(
  pathValue: string | undefined,
  options: ToolPathOptions = {},
): string {
  const entries = (pathValue ?? '').split(delimiter).filter(Boolean)
  const present = new Set(entries)
  for (const dir of nixToolDirs(options)) {
    if (!present.has(dir) && existsSync(dir)) {
      entries.push(dir)
      present.add(dir)
    }
  }
  return entries.join(delimiter)
}
