// The app's own actions for the command palette. Each area registers what it can do while it is
// mounted, as a function read when the palette opens, so the list follows the current state (the
// flake's hosts, the open file).

export interface AppCommand {
  /** Unique among the commands shown at once; also the option's DOM id suffix. */
  id: string
  /** What the palette lists and matches, e.g. "Rebuild: alpha". */
  title: string
  /** The keys that do the same, shown beside it. */
  keys?: string
  run(): void
}

const providers = new Set<() => AppCommand[]>()

export function registerCommands(provider: () => AppCommand[]): () => void {
  providers.add(provider)
  return () => {
    providers.delete(provider)
  }
}

export function currentCommands(): AppCommand[] {
  return [...providers].flatMap((provider) => provider())
}
