import { requestInputsPreview } from '../app/inputs-request'
import { canUpdate } from '../areas/inputs/input-tree-view'
import { useInputsOverview } from '../areas/inputs/useInputsOverview'
import type { AppCommand } from '../palette/commands'
import { useAreaCommands } from '../palette/useAreaCommands'

/**
 * The Inputs area's actions in the command palette, listed whether or not the area was opened
 * yet: update one input, update all (each opens the area's preview, nothing is written before
 * Apply), and read the inputs again. The inputs are the query layer's, shared with the area.
 */
export function useInputsCommands(repo: string): void {
  const inputs = useInputsOverview(repo)
  useAreaCommands('inputs', inputs, ({ overview, refresh }, inInputs) => {
    const commands: AppCommand[] = [
      {
        id: 'inputs-refresh',
        title: 'Inputs: read the inputs again',
        run: inInputs(() => void refresh()),
      },
    ]
    if (!overview?.hasLock) return commands
    commands.push({
      id: 'inputs-update-all',
      title: 'Inputs: update all…',
      run: inInputs(() => requestInputsPreview({ kind: 'update-all' })),
    })
    for (const row of overview.tree.rows.filter(canUpdate)) {
      commands.push({
        id: `inputs-update-${row.id}`,
        title: `Inputs: update ${row.id}…`,
        run: inInputs(() => requestInputsPreview({ kind: 'update', names: [row.id] })),
      })
    }
    return commands
  })
}
