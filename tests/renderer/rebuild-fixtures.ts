// Rebuild progress and states as the core reports them, for the renderer's Rebuild tests.
import { act } from '@testing-library/react'
import type {
  RebuildAction,
  RebuildPhase,
  RebuildProgress,
  RebuildState,
} from '../../src/shared/rebuild/types'
import { fakeCore } from './fake-core'

const counter = { done: 0, expected: 0, running: 0, failed: 0 }
const transfer = { ...counter, bytesDone: 0, bytesExpected: 0 }

/** A build of 100 derivations, `done` of them built, one running. */
export const progressAt = (done: number): RebuildProgress => ({
  phase: 'building',
  evaluationStartedAt: null,
  evaluationEndedAt: null,
  builds: { done, expected: 100, running: 1, failed: 0 },
  copies: transfer,
  downloads: transfer,
  running: [],
  failed: [],
})

/** A run's state in `phase`, from now, running `nix build`. */
export const stateIn = (phase: RebuildPhase): RebuildState => ({
  phase,
  since: Date.now(),
  command: ['nix', 'build'],
  toplevel: null,
  currentToplevel: null,
})

/** The core announces that run `runId` of host "box" in `repo` is starting. */
export function announceRun(repo: string, runId: number, action: RebuildAction = 'switch'): void {
  act(() =>
    fakeCore.emit('rebuild.state', {
      runId,
      repo,
      host: 'box',
      action,
      state: stateIn('starting'),
    }),
  )
}
