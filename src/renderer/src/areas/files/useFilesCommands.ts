import { useEffect, useRef } from 'react'
import { requestShowArea } from '../../app/navigation'
import { registerCommands, type AppCommand } from '../../palette/commands'

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
  // The palette reads the list when it opens, so the latest hosts and open file are used.
  const latest = useRef(actions)
  useEffect(() => {
    latest.current = actions
  })

  useEffect(
    () =>
      registerCommands(() => {
        const a = latest.current
        const inFiles = (run: () => void) => () => {
          requestShowArea('files')
          run()
        }
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
      }),
    [],
  )
}
