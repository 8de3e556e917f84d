import { useEffect, useMemo, useState } from 'react'
import { fuzzyFilter } from '../../../shared/fuzzy'
import { requestOpenFile } from '../app/navigation'
import { problemOf, useCoreQuery } from '../data/core-query'
import { keys } from '../data/keys'
import { currentCommands, onCommandsChanged, registerCommands, type AppCommand } from './commands'
import { Highlighted, Palette, type PaletteItem } from './Palette'

/** Most matches listed at once; typing narrows further. */
const shownLimit = 200

/**
 * Quick open (Ctrl/Cmd+P) and the command palette (Ctrl/Cmd+Shift+P) of one repo, as in VS Code:
 * a query starting with `>` lists the app's commands, any other query the repo's files.
 */
export function Palettes({ repo }: { repo: string }) {
  const [query, setQuery] = useState<string | null>(null)
  const [commands, setCommands] = useState<AppCommand[]>([])
  const fileSearch = query !== null && !query.startsWith('>')
  // The repo's files as the data layer keeps them (read again when files change on disk, so files
  // created since the last look are found), asked for once quick open is first used.
  const tree = useCoreQuery(keys.fileTree(repo), 'files.tree', { repo }, { enabled: fileSearch })
  const open = query !== null
  // While open, the list follows the areas: hosts or inputs read after it opened are listed.
  useEffect(() => {
    if (!open) return
    return onCommandsChanged(() => setCommands(currentCommands()))
  }, [open])
  const files = tree.data?.files ?? null
  const filesError = problemOf(tree.error)?.message ?? null

  useEffect(() => {
    const open = (initial: string) => {
      setCommands(currentCommands())
      setQuery(initial)
    }
    // Capture phase: before Monaco, which would take Ctrl+Shift+P for its own palette.
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'p') return
      e.preventDefault()
      e.stopPropagation()
      open(e.shiftKey ? '>' : '')
    }
    window.addEventListener('keydown', onKey, true)
    const unregister = registerCommands(() => [
      { id: 'go-to-file', title: 'Go to file…', keys: 'Ctrl+P', run: () => open('') },
    ])
    return () => {
      window.removeEventListener('keydown', onKey, true)
      unregister()
    }
  }, [])

  const commandMode = query?.startsWith('>') ?? false
  const matches = useMemo(() => {
    if (query === null) return []
    if (commandMode) {
      return fuzzyFilter(commands, query.slice(1), (c) => c.title, shownLimit).map(
        ({ item, match }): PaletteItem => ({
          key: item.id,
          label: <Highlighted text={item.title} positions={match.positions} />,
          detail: item.keys,
        }),
      )
    }
    return fuzzyFilter(files ?? [], query, (f) => f, shownLimit).map(
      ({ item, match }): PaletteItem => {
        const slash = item.lastIndexOf('/')
        const name = item.slice(slash + 1)
        return {
          key: item,
          label: (
            <Highlighted
              text={name}
              positions={match.positions.filter((p) => p > slash).map((p) => p - slash - 1)}
            />
          ),
          detail:
            slash > 0 ? (
              <Highlighted
                text={item.slice(0, slash)}
                positions={match.positions.filter((p) => p < slash)}
              />
            ) : undefined,
        }
      },
    )
  }, [query, commandMode, commands, files])

  if (query === null) return null
  const close = () => setQuery(null)
  return (
    <Palette
      label={commandMode ? 'Run a command' : 'Go to file'}
      placeholder={
        commandMode
          ? 'Type a command (Files, Rebuild, Commit…)'
          : 'Type a file name; > for commands'
      }
      query={query}
      onQuery={setQuery}
      items={matches}
      empty={
        commandMode
          ? 'No command matches.'
          : (filesError ?? (files === null ? 'Reading the file list…' : 'No file matches.'))
      }
      loading={!commandMode && files === null && filesError === null}
      onClose={close}
      onChoose={(key) => {
        close()
        if (commandMode) {
          // After the palette has given focus back, so a command can move it on (to the editor).
          const command = commands.find((c) => c.id === key)
          if (command) setTimeout(() => command.run(), 0)
        } else requestOpenFile({ path: key, line: 0, column: 0 })
      }}
    />
  )
}
