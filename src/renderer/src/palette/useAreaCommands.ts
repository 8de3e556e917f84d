import { useEffect, useRef } from 'react'
import { requestShowArea } from '../app/navigation'
import type { AreaId } from '../workspace/areas'
import { commandsChanged, registerCommands, type AppCommand } from './commands'

/** Wraps an action so that choosing it in the palette shows its area first. */
export type InArea = (run: () => void) => () => void

/**
 * Lists an area's actions in the command palette while the calling component is mounted. The
 * palette reads the list when it opens and again whenever `state` changes while it is open, so
 * `list` is called with the newest `state` (hosts, open file, inputs), not the state of the render
 * that registered it.
 */
export function useAreaCommands<S>(
  area: AreaId,
  state: S,
  list: (state: S, inArea: InArea) => AppCommand[],
): void {
  const latest = useRef({ state, list })
  useEffect(() => {
    latest.current = { state, list }
    commandsChanged()
  })

  useEffect(
    () =>
      registerCommands(() => {
        const inArea: InArea = (run) => () => {
          requestShowArea(area)
          run()
        }
        return latest.current.list(latest.current.state, inArea)
      }),
    [area],
  )
}
