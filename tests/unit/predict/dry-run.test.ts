// nix's dry-run report, as nix 2.8 and 2.26 print it on stderr (texts copied from real runs).
import { describe, expect, it } from 'vitest'
import { parseDryRun } from '../../../src/shared/predict/dry-run'

const built = `these 3 derivations will be built:
  /nix/store/gijr0gj75i8k4ak339x4wq82gcpf85ly-manual-2.0.drv
  /nix/store/fyrxmqm1r9fx7qb6gbm15xf8mafrffym-system-path.drv
  /nix/store/b3gj1836ayq77r525j3p6prhsmwwmg5c-nixos-system-demo-24.05.drv
`

describe('parseDryRun', () => {
  it('counts what is built and fetched, with the download size', () => {
    const text = `${built}these 2 paths will be fetched (1.50 MiB download, 6.25 MiB unpacked):
  /nix/store/rqy8v8ac18adbz6ymf9irspkiyhgpfd7-libfoo-1.0
  /nix/store/x8gfdr2ik418lfkwfkhc255xw0964bfv-cc-13.2
`
    expect(parseDryRun(text, false)).toEqual({
      toBuild: 3,
      toFetch: 2,
      downloadBytes: 1.5 * 1024 ** 2,
      unpackedBytes: 6.25 * 1024 ** 2,
      fetchUnknownReason: null,
    })
  })

  it('reads the singular forms and an empty report', () => {
    const text = `this derivation will be built:
  /nix/store/b3gj1836ayq77r525j3p6prhsmwwmg5c-nixos-system-demo-24.05.drv
this path will be fetched (0.01 MiB download, 0.02 MiB unpacked):
  /nix/store/rqy8v8ac18adbz6ymf9irspkiyhgpfd7-libfoo-1.0
`
    expect(parseDryRun(text, false)).toMatchObject({ toBuild: 1, toFetch: 1 })
    expect(parseDryRun('', false)).toMatchObject({ toBuild: 0, toFetch: 0 })
  })

  it('says fetching is unknown offline or when the cache could not be reached', () => {
    const unreachable = `warning: unable to download 'http://127.0.0.1:9/nix-cache-info': Couldn't connect to server (7)
${built}`
    expect(parseDryRun(unreachable, false)).toEqual({
      toBuild: 3,
      toFetch: null,
      downloadBytes: null,
      unpackedBytes: null,
      fetchUnknownReason: expect.stringContaining('http://127.0.0.1:9 could not be reached'),
    })
    expect(parseDryRun(built, true).fetchUnknownReason).toMatch(/^offline/)
  })
})
