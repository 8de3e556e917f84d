// predict.run and predict.cancel through the core's dispatcher, as both transports call them:
// the payload is validated, progress events carry the request id, and a cancel stops the run.
import { describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../src/shared/contract'
import { makePredictFixture, predictHost } from '../../fixtures/predict-fixture'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

describe('predict through the core', () => {
  it('runs a prediction for an open repo with progress events, and cancels one by request id', async () => {
    const core = makeCore()
    const fixture = makePredictFixture(tempDir('flakedeck-predict-'))
    const change = {
      kind: 'overrides',
      overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs['multi-output']) }],
    }
    // A repo the user has not opened is refused.
    expect(
      await core.dispatch('predict.run', {
        repo: fixture.repo,
        host: predictHost,
        change,
        requestId: 'a',
      }),
    ).toMatchObject({ ok: false, error: { code: 'repo-not-open' } })
    expect(await core.dispatch('repo.open', { path: fixture.repo })).toMatchObject({ ok: true })
    expect(
      await core.dispatch('predict.run', {
        repo: fixture.repo,
        host: predictHost,
        change: { kind: 'x' },
        requestId: 'a',
      }),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } })

    const progress: EventPayload<'predict.progress'>[] = []
    core.events.subscribe((name, payload) => {
      if (name === 'predict.progress') progress.push(payload as EventPayload<'predict.progress'>)
    })
    const result = await core.dispatch('predict.run', {
      repo: fixture.repo,
      host: predictHost,
      change,
      requestId: 'first',
    })
    expect(result).toMatchObject({
      ok: true,
      value: { ok: true, prediction: { host: predictHost } },
    })
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((p) => p.requestId === 'first' && p.host === predictHost)).toBe(true)

    // Cancelled as soon as the first evaluation reports in.
    const stop = core.events.subscribe((name, payload) => {
      if (
        name === 'predict.progress' &&
        (payload as { requestId: string }).requestId === 'second'
      ) {
        void core.dispatch('predict.cancel', { requestId: 'second' })
      }
    })
    const cancelled = await core.dispatch('predict.run', {
      repo: fixture.repo,
      host: predictHost,
      change: {
        kind: 'overrides',
        overrides: [{ input: 'pkgs', url: fixture.urlOf(fixture.revs.rename) }],
      },
      requestId: 'second',
    })
    stop()
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } })
  })
})
