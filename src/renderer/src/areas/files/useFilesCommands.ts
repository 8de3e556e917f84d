import type { AppCommand } from '../../palette/commands'
import { useAreaCommands } from '../../palette/useAreaCommands'

interface FilesActions {
  hosts: string[]
  /** The repo has uncommitted changes (what a prediction of the working tree compares). */
  dirty: boolean
  activePath: string | null
  activeIsNix: boolean
  commit(): void
  checkHost(host: string): void
  predict(host: string): void
  save(path: string): void
  format(): void
  newFile(): void
}

/**
 * The Files area's actions in the command palette: commit, check a host, what the uncommitted
 * edits change in a host (listed only when there are some, as its button is enabled only then),
 * save, format, new file.
 */
export function useFilesCommands(actions: FilesActions) {
  useAreaCommands('files', actions, (a, inFiles) => {
    const commands: AppCommand[] = [
      { id: 'files-commit', title: 'Commit…', run: inFiles(a.commit) },
      { id: 'files-new', title: 'New file…', run: inFiles(a.newFile) },
      ...a.hosts.map((host) => ({
        id: `files-check-${host}`,
        title: `Check host: ${host}`,
        run: inFiles(() => a.checkHost(host)),
      })),
      ...(a.dirty
        ? a.hosts.map((host) => ({
            id: `files-predict-${host}`,
            title: `What does this change? ${host}`,
            run: inFiles(() => a.predict(host)),
          }))
        : []),
    ]
    const path = a.activePath
    if (path) {
      commands.push({
        id: 'files-save',
        title: `Save ${path}`,
        keys: 'Ctrl+S',
        run: inFiles(() => a.save(path)),
      })
      if (a.activeIsNix)
        commands.push({ id: 'files-format', title: `Format ${path}`, run: inFiles(a.format) })
    }
    return commands
  })
}
