import type { RebuildAction } from '../../../../shared/rebuild/types'
import type { AppCommand } from '../../palette/commands'
import { useAreaCommands, type InArea } from '../../palette/useAreaCommands'

interface RebuildActions {
  hosts: readonly string[]
  actions: readonly { id: RebuildAction; label: string }[]
  /** A run is going: it can be cancelled, no other started. */
  running: boolean
  /** What the start button does for this host and action, the look before switching included. */
  start(host: string, action: RebuildAction): void
  cancel(): void
}

function rebuildCommands(a: RebuildActions, inRebuild: InArea): AppCommand[] {
  if (a.running) {
    return [{ id: 'rebuild-cancel', title: 'Rebuild: cancel', run: inRebuild(a.cancel) }]
  }
  return a.hosts.flatMap((host) =>
    a.actions.map((action): AppCommand => ({
      id: `rebuild-${action.id}-${host}`,
      title: `Rebuild: ${action.label.toLowerCase()} ${host}`,
      run: inRebuild(() => a.start(host, action.id)),
    })),
  )
}

/**
 * The Rebuild area's actions in the command palette: each action for each host the flake
 * defines ("Rebuild: switch alpha"), which shows the area with that host and action chosen and
 * starts as its start button does, so a switch still stops for the look before switching and
 * sudo asks in the terminal; while a run goes on, "Rebuild: cancel".
 */
export function useRebuildCommands(actions: RebuildActions): void {
  useAreaCommands('rebuild', actions, rebuildCommands)
}
