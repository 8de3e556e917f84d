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
