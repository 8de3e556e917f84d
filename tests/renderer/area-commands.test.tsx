import { renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { onShowAreaRequest } from '../../src/renderer/src/app/navigation'
import { currentCommands } from '../../src/renderer/src/palette/commands'
import { useAreaCommands } from '../../src/renderer/src/palette/useAreaCommands'

describe('useAreaCommands', () => {
  it('lists the newest state when the palette opens, shows the area before running, and leaves on unmount', () => {
    const started: string[] = []
    const shown: string[] = []
    const stop = onShowAreaRequest((area) => shown.push(area))
    const { rerender, unmount } = renderHook(
      ({ hosts }: { hosts: string[] }) =>
        useAreaCommands('rebuild', hosts, (list, inArea) =>
          list.map((host) => ({
            id: `start-${host}`,
            title: host,
            run: inArea(() => started.push(host)),
          })),
        ),
      { initialProps: { hosts: ['alpha'] } },
    )
    rerender({ hosts: ['alpha', 'beta'] })
    const commands = currentCommands()
    expect(commands.map((c) => c.title)).toEqual(['alpha', 'beta'])
    commands.at(1)?.run()
    expect(shown).toEqual(['rebuild'])
    expect(started).toEqual(['beta'])
    unmount()
    expect(currentCommands()).toEqual([])
    stop()
  })

  it('registers once however often the area renders', () => {
    const list = vi.fn(() => [])
    const { rerender, unmount } = renderHook(() => useAreaCommands('files', 1, list))
    rerender()
    rerender()
    currentCommands()
    expect(list).toHaveBeenCalledTimes(1)
    unmount()
  })
})
