import type { AppCommand } from '../../palette/commands'
import { useAreaCommands } from '../../palette/useAreaCommands'

interface FilesActions {
  hosts: string[]
  activePath: string | null
  activeIsNix: boolean
  commit(): void
  checkHost(host: string): void
  save(path: string): void
  format(): void
  newFile(): void
}

/** The Files area's actions in the command palette: commit, check a host, save, format, new file. */
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
