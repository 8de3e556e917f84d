// The prediction panel (Inputs preview, Rebuild's first step, Files' "What does this change?")
// against the fake core: both evaluations report their progress side by side and the run can be
// stopped; every line that is a guess until built is marked as one; an evaluation error names
// its file and line, and the link opens it in the editor.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodOutput } from '../../src/shared/contract'
import { diffClosures } from '../../src/shared/generations/closure-diff'
import type { Prediction } from '../../src/shared/predict/types'
import { onOpenFileRequest, type OpenFileRequest } from '../../src/renderer/src/app/navigation'
import { PredictionPanel } from '../../src/renderer/src/areas/inputs/PredictionPanel'
import { CoreRefusal, fakeCore, later } from './fake-core'
import { renderWithData } from './render'

const change = { kind: 'working-tree' } as const

// jsdom lays nothing out: the package list (virtualized) is given a height, so it shows its rows.
const sized = ['clientHeight', 'clientWidth'] as const
beforeAll(() => {
  for (const key of sized) {
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => 600 })
  }
})
afterAll(() => {
  for (const key of sized) delete (HTMLElement.prototype as Partial<HTMLElement>)[key]
})

function prediction(): Prediction {
  const diff = diffClosures(
    [{ path: '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-libfoo-1.0', narSize: 0 }],
    [
      { path: '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-libfoo-1.1', narSize: 0 },
      { path: '/nix/store/cccccccccccccccccccccccccccccccc-app-1.0', narSize: 0 },
    ],
  )
  return {
    host: 'demo',
    beforeDrv: '/nix/store/d-before.drv',
    afterDrv: '/nix/store/e-after.drv',
    system: {
      changes: diff.changes.map((c) => ({ ...c, sure: c.name !== 'libfoo', reboot: false })),
      totals: diff.totals,
    },
    buildOnly: { changes: [], totals: diffClosures([], []).totals },
    realise: {
      toBuild: 2,
      toFetch: null,
      downloadBytes: null,
      unpackedBytes: null,
      fetchUnknownReason: 'offline: no binary cache was asked',
    },
    computedAt: 0,
    cached: false,
  }
}

function setUp() {
  fakeCore.handle('nix.hosts', () => ({ hosts: ['demo'], error: null, diagnostics: [] }))
  const answer = later<MethodOutput<'predict.run'>>()
  fakeCore.handle('predict.run', () => answer.promise)
  fakeCore.handle('predict.cancel', () => {
    answer.reject(new CoreRefusal({ code: 'cancelled', message: 'Cancelled.' }))
    return null
  })
  renderWithData(<PredictionPanel repo="/repo" host="demo" request={{ ok: true, change }} />)
  return answer
}

async function requestId(): Promise<string> {
  await waitFor(() => expect(fakeCore.callsOf('predict.run')).toHaveLength(1))
  return fakeCore.callsOf('predict.run')[0]!.requestId
}

describe('the prediction panel', () => {
  it('shows both evaluations’ progress side by side, and Stop cancels the run', async () => {
    setUp()
    const id = await requestId()
    const emit = (phase: 'evaluating-before' | 'evaluating-after', activity: string | null) =>
      fakeCore.emit('predict.progress', { requestId: id, host: 'demo', phase, activity })
    emit('evaluating-before', null)
    emit('evaluating-after', null)
    emit('evaluating-before', "copying '/repo' to the store")
    emit('evaluating-after', "fetching 'pkgs'")
    const status = await screen.findByRole('status')
    await waitFor(() => {
      expect(within(status).getByTestId('progress-before').textContent).toBe(
        "The system as it is: copying '/repo' to the store",
      )
      expect(within(status).getByTestId('progress-after').textContent).toBe(
        "With the change: fetching 'pkgs'",
      )
    })

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(fakeCore.callsOf('predict.cancel')).toEqual([{ requestId: id }])
    await screen.findByText(/Stopped\./)
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('marks each line that is a guess until built, and says fetching is unknown offline', async () => {
    const answer = setUp()
    await requestId()
    answer.resolve({ ok: true, prediction: prediction() })
    const rows = await screen.findAllByTestId('change-row')
    const row = (name: string) => rows.find((r) => r.textContent?.includes(name))!
    expect(within(row('libfoo')).getByLabelText('a guess until built').textContent).toBe('?')
    expect(within(row('app')).queryByLabelText('a guess until built')).toBeNull()
    expect(screen.getByTestId('prediction-headline').textContent).toContain('fetch unknown offline')
  })

  it('names an evaluation error’s file and line, and opens it in the editor', async () => {
    const answer = setUp()
    await requestId()
    answer.resolve({
      ok: false,
      error: {
        side: 'after',
        message: "undefined variable 'missingThing'",
        diagnostics: [
          {
            severity: 'error',
            message: "undefined variable 'missingThing'",
            file: 'host.nix',
            inRepo: true,
            line: 7,
            column: 20,
            trace: [],
          },
        ],
      },
    })
    const opened: OpenFileRequest[] = []
    const stop = onOpenFileRequest((request) => opened.push(request))
    try {
      const alert = await screen.findByRole('alert')
      expect(alert.textContent).toContain('does not evaluate')
      fireEvent.click(within(alert).getByRole('button', { name: 'host.nix:7:20' }))
      expect(opened).toEqual([{ path: 'host.nix', line: 7, column: 20 }])
    } finally {
      stop()
    }
  })
})

describe('the prediction panel of a flake with several hosts', () => {
  it('predicts every host, one after the other, and shows a host’s packages when picked', async () => {
    fakeCore.handle('nix.hosts', () => ({ hosts: ['alpha', 'beta'], error: null, diagnostics: [] }))
    const answers = new Map<string, ReturnType<typeof later<MethodOutput<'predict.run'>>>>()
    fakeCore.handle('predict.run', ({ host }) => {
      const answer = later<MethodOutput<'predict.run'>>()
      answers.set(host, answer)
      return answer.promise
    })
    fakeCore.handle('predict.cancel', () => null)
    const lock = { kind: 'overrides', overrides: [{ input: 'pkgs', url: 'git+file:///p?rev=1' }] }
    renderWithData(<PredictionPanel repo="/repo" request={{ ok: true, change: lock as never }} />)
    // One host at a time: each evaluates the flake twice.
    await waitFor(() =>
      expect(fakeCore.callsOf('predict.run').map((c) => c.host)).toEqual(['alpha']),
    )
    answers.get('alpha')!.resolve({ ok: true, prediction: { ...prediction(), host: 'alpha' } })
    await waitFor(() =>
      expect(fakeCore.callsOf('predict.run').map((c) => c.host)).toEqual(['alpha', 'beta']),
    )
    answers.get('beta')!.resolve({
      ok: false,
      error: { side: 'after', message: "undefined variable 'x'", diagnostics: [] },
    })
    const list = await screen.findByRole('list', { name: 'Every host' })
    await waitFor(() => {
      const alpha = within(list).getByTestId('host-alpha').textContent
      expect(alpha).toContain('alpha')
      expect(alpha).toContain('1 package upgraded, 1 package added, 2 derivations to build')
      expect(within(list).getByTestId('host-beta').textContent).toContain(
        "does not evaluate with the change: undefined variable 'x'",
      )
    })

    // Picking a host shows its packages, as for a flake of one host (asked again: the core
    // answers from the predictions it keeps).
    fireEvent.click(within(within(list).getByTestId('host-alpha')).getByRole('button'))
    await waitFor(() => expect(fakeCore.callsOf('predict.run')).toHaveLength(3))
    expect(fakeCore.callsOf('predict.run')[2]!.host).toBe('alpha')
    answers.get('alpha')!.resolve({ ok: true, prediction: { ...prediction(), host: 'alpha' } })
    await screen.findAllByTestId('change-row')
    expect(screen.queryByRole('list', { name: 'Every host' })).toBeNull()
    expect((screen.getByRole('combobox', { name: 'Host' }) as HTMLSelectElement).value).toBe(
      'alpha',
    )
  })
})
