// Rebuild progress as the core reports it, for the renderer's Rebuild tests.
import type { RebuildProgress } from '../../src/shared/rebuild/types'

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
