import type { RebuildAction } from '../../../../shared/rebuild/types'

/** "1 min 05 s", "12 s" */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  const rest = String(seconds % 60).padStart(2, '0')
  if (minutes < 60) return `${minutes} min ${rest} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** A command as a user would type it (quoted where needed). */
export function commandLine(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[\w@%+=:,./#<>-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ')
}

/** A run that switched to an existing generation (from the Generations area): it built nothing. */
export function isGenerationSwitch(run: { commands: readonly (readonly string[])[] }): boolean {
  return run.commands.some((argv) => argv.includes('--switch-generation'))
}

/**
 * The host a rebuild starts with: this machine's, when the flake defines it (its full name or the
 * part before the first dot, as nixos-rebuild matches it), else the flake's first.
 */
export function defaultHost(hosts: readonly string[], hostname: string | null): string | null {
  if (hostname) {
    const short = hostname.split('.')[0]!
    const own = hosts.find((h) => h === hostname) ?? hosts.find((h) => h === short)
    if (own) return own
  }
  return hosts[0] ?? null
}

const startLabels: Record<RebuildAction, string> = {
  switch: 'Switch',
  boot: 'Boot',
  test: 'Test',
  build: 'Build',
  'dry-build': 'Dry build',
}

/** The start button says what it does: the chosen action, not a generic "Rebuild". */
export function startLabel(action: RebuildAction): string {
  return startLabels[action]
}
