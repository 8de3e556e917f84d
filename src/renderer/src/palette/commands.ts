// The app's own actions for the command palette. Each area registers what it can do while it is
// mounted, as a function read whenever the list is asked for, so the list follows the current
// state (the flake's hosts, the open file). An area whose state changes says so, and an open
// palette reads the list again: hosts that arrive while it is open are listed at once.

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
const listeners = new Set<() => void>()

/** Tells an open palette that the list may have changed (an area's state did). */
export function commandsChanged(): void {
  for (const listener of listeners) listener()
}

export function registerCommands(provider: () => AppCommand[]): () => void {
  providers.add(provider)
  commandsChanged()
  return () => {
    providers.delete(provider)
    commandsChanged()
  }
}

export function currentCommands(): AppCommand[] {
  return [...providers].flatMap((provider) => provider())
}

/** Calls `listener` whenever the list may have changed, until the returned function is called. */
export function onCommandsChanged(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
