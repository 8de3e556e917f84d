// The editor's first reads start before the Files area's code has loaded; the area takes each
// answer once, and never one that the disk has overtaken.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  forgetEarlyReads,
  readEditorSessionEarly,
  takeEarlyFileRead,
  takeEarlySession,
} from '../../../src/renderer/src/areas/files/early-reads'
import { fakeCore } from '../fake-core'

function serve(openFiles: string[]) {
  let reads = 0
  fakeCore.handle('session.get', () => ({ openFiles, activeFile: openFiles[0] ?? null }))
  fakeCore.handle('files.read', ({ path }) => ({
    path,
    content: `text of ${path} #${++reads}`,
    language: 'nix',
    version: `v${reads}`,
    size: 10,
    readOnlyReason: null,
  }))
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  forgetEarlyReads()
  vi.useRealTimers()
})

describe('early editor reads', () => {
  it('asks for the session and each of its files once, and hands each answer out once', async () => {
    serve(['flake.nix', 'hosts/a.nix'])
    readEditorSessionEarly('/repo')
    readEditorSessionEarly('/repo')
    const session = await takeEarlySession('/repo')
    expect(session?.openFiles).toEqual(['flake.nix', 'hosts/a.nix'])
    expect(takeEarlySession('/repo')).toBeNull()
    expect(fakeCore.callsOf('session.get')).toHaveLength(1)
    expect(fakeCore.callsOf('files.read').map((c) => c.path)).toEqual(['flake.nix', 'hosts/a.nix'])

    expect((await takeEarlyFileRead('/repo', 'flake.nix'))?.content).toMatch(/^text of flake.nix/)
    expect(takeEarlyFileRead('/repo', 'flake.nix')).toBeNull()
    expect(takeEarlyFileRead('/other', 'hosts/a.nix')).toBeNull()
  })

  it('does not hand out a file read that a change on disk has overtaken', async () => {
    serve(['flake.nix', 'hosts/a.nix'])
    readEditorSessionEarly('/repo')
    await takeEarlySession('/repo')
    await settle()
    fakeCore.emit('files.changed', { repo: '/repo', path: 'flake.nix', kind: 'change' })
    fakeCore.emit('files.changed', { repo: '/elsewhere', path: 'hosts/a.nix', kind: 'change' })
    expect(takeEarlyFileRead('/repo', 'flake.nix')).toBeNull()
    expect(takeEarlyFileRead('/repo', 'hosts/a.nix')).not.toBeNull()
  })

  it('drops what was not taken after a while, and stops listening', async () => {
    vi.useFakeTimers()
    serve(['flake.nix'])
    readEditorSessionEarly('/repo')
    await vi.advanceTimersByTimeAsync(0)
    expect(fakeCore.listenerCount('files.changed')).toBe(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(takeEarlySession('/repo')).toBeNull()
    expect(takeEarlyFileRead('/repo', 'flake.nix')).toBeNull()
    expect(fakeCore.listenerCount('files.changed')).toBe(0)
  })

  it('reads again for a repo opened again after its reads were taken', async () => {
    serve([])
    readEditorSessionEarly('/repo')
    await takeEarlySession('/repo')
    readEditorSessionEarly('/repo')
    expect(takeEarlySession('/repo')).not.toBeNull()
    expect(fakeCore.callsOf('session.get')).toHaveLength(2)
  })
})
