import { describe, expect, it } from 'vitest'
import { parsePathInfoJson } from '../../../src/main/services/generations/path-info'
import { parseGcSummary } from '../../../src/main/services/generations/gc-summary'

const a = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.1'
const b = '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-glibc-2.39-52'

describe('parsePathInfoJson', () => {
  it('reads the array nix 2.8 prints', () => {
    const text = JSON.stringify([
      { path: a, narHash: 'sha256-x', narSize: 100, references: [a, b] },
      { path: b, narSize: 2000, references: [] },
    ])
    const { infos, missing } = parsePathInfoJson(text, '/nix/store')
    expect(missing).toEqual([])
    expect(infos.get(a)).toEqual({ narSize: 100, references: [a, b] })
    expect(infos.get(b)).toEqual({ narSize: 2000, references: [] })
  })

  it('reads the object newer nix prints, with null for invalid paths and bare names', () => {
    const text = JSON.stringify({
      [a]: { narSize: 100, references: ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-glibc-2.39-52'] },
      [b]: { narSize: 2000, references: [] },
      '/nix/store/cccccccccccccccccccccccccccccccc-gone': null,
    })
    const { infos, missing } = parsePathInfoJson(text, '/nix/store')
    expect(infos.get(a)).toEqual({ narSize: 100, references: [b] })
    expect(missing).toEqual(['/nix/store/cccccccccccccccccccccccccccccccc-gone'])
  })

  it('treats {valid: false} entries as missing', () => {
    const { infos, missing } = parsePathInfoJson(JSON.stringify([{ path: a, valid: false }]), '/s')
    expect(infos.size).toBe(0)
    expect(missing).toEqual([a])
  })
})

describe('parseGcSummary', () => {
  it.each([
    ['123 store paths deleted, 45.67 MiB freed\n', 123, Math.round(45.67 * 1024 ** 2)],
    ['finding garbage collector roots...\n0 store paths deleted, 0.00 MiB freed', 0, 0],
    ['7 store paths deleted, 1.5 GiB freed', 7, Math.round(1.5 * 1024 ** 3)],
    ['1 store paths deleted, 512.0 KiB freed', 1, 512 * 1024],
    ['\x1b[1m2 store paths deleted, 10 B freed\x1b[0m', 2, 10],
    ['nothing recognisable', 0, 0],
  ])('%j', (text, pathsDeleted, bytesFreed) => {
    expect(parseGcSummary(text)).toEqual({ pathsDeleted, bytesFreed })
  })
})
