// The headline of a prediction against the running system names the generation it compares
// with, and says when what only builds the system could not be compared (no derivation left).
import { describe, expect, it } from 'vitest'
import { diffClosures } from '../../../src/shared/generations/closure-diff'
import { predictionHeadline } from '../../../src/shared/predict/headline'
import type { Prediction } from '../../../src/shared/predict/types'

const empty = { changes: [], totals: diffClosures([], []).totals }

function prediction(runningSystem?: Prediction['runningSystem']): Prediction {
  const added = diffClosures(
    [],
    [{ path: '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-cc-13.2', narSize: 0 }],
  )
  return {
    host: 'demo',
    beforeDrv: '/nix/store/b-before.drv',
    afterDrv: '/nix/store/c-after.drv',
    system: {
      changes: added.changes.map((c) => ({ ...c, sure: true, reboot: false })),
      totals: added.totals,
    },
    buildOnly: empty,
    realise: {
      toBuild: 3,
      toFetch: 0,
      downloadBytes: null,
      unpackedBytes: null,
      fetchUnknownReason: null,
    },
    computedAt: 0,
    cached: false,
    ...(runningSystem ? { runningSystem } : {}),
  }
}

const running = {
  profile: '/nix/var/nix/profiles/system',
  generation: 42,
  storePath: '/nix/store/dddddddddddddddddddddddddddddddd-nixos-system-demo',
  drvPath: '/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-nixos-system-demo.drv',
}

describe('predictionHeadline', () => {
  it('reads as before for a change to the flake', () => {
    expect(predictionHeadline(prediction())).toBe('1 package added, 3 derivations to build')
  })

  it('names the kernel first and says a reboot is needed, as the issue words it', () => {
    const kernel = diffClosures(
      [{ path: '/nix/store/ffffffffffffffffffffffffffffffff-linux-6.6.30', narSize: 0 }],
      [{ path: '/nix/store/gggggggggggggggggggggggggggggggg-linux-6.6.32', narSize: 0 }],
    ).changes[0]!
    const base = prediction()
    const withKernel: Prediction = {
      ...base,
      system: {
        changes: [{ ...kernel, sure: true, reboot: true }, ...base.system.changes],
        totals: {
          ...base.system.totals,
          counts: { ...base.system.totals.counts, upgraded: 1 },
        },
      },
    }
    expect(predictionHeadline(withKernel)).toBe(
      'linux 6.6.30 → 6.6.32 (a reboot is needed), 1 package upgraded, 1 package added, 3 derivations to build',
    )
    // The issue's own example: counts with separators, and what nix can fetch with its size.
    const big: Prediction = {
      ...withKernel,
      system: {
        ...withKernel.system,
        changes: withKernel.system.changes.slice(0, 1),
        totals: {
          ...withKernel.system.totals,
          counts: { added: 0, removed: 0, upgraded: 214, downgraded: 0, changed: 0 },
        },
      },
      realise: {
        toBuild: 1480,
        toFetch: 3100,
        downloadBytes: 1.2 * 1024 ** 3,
        unpackedBytes: null,
        fetchUnknownReason: null,
      },
    }
    expect(predictionHeadline(big)).toBe(
      'linux 6.6.30 → 6.6.32 (a reboot is needed), 214 packages upgraded, 1,480 derivations to build, 3,100 paths to fetch (1.20 GiB)',
    )
  })

  it('names the generation of the running system it compares with', () => {
    expect(predictionHeadline(prediction(running))).toBe(
      'Against generation 42 (the running system): 1 package added, 3 derivations to build',
    )
    expect(predictionHeadline(prediction({ ...running, generation: null }))).toMatch(
      /^Against the running system \/nix\/store\/d+-nixos-system-demo: 1 package added/,
    )
  })

  it('says what could not be compared when the running system has no derivation left', () => {
    expect(predictionHeadline(prediction({ ...running, drvPath: null }))).toBe(
      'Against generation 42 (the running system): 1 package added, 3 derivations to build, what only builds it is not compared (its derivation is no longer in the store)',
    )
  })
})
