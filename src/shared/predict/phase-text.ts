// What a prediction is doing, in words, for the app's progress (Inputs, Files, Rebuild) and the
// status line of `flakedeck predict`: one wording wherever a prediction runs.
import type { PredictPhase } from './types'

export const phaseText: Record<PredictPhase, string> = {
  'evaluating-before': 'Evaluating the system as it is…',
  'evaluating-after': 'Evaluating the system with this change…',
  'reading-derivations': 'Reading both derivation closures…',
  'reading-store': 'Asking the store what is built already…',
  'dry-run': 'Asking nix what must be built or fetched…',
  comparing: 'Comparing…',
}

/** Before the first phase: the run is setting up (the sides to compare, the tools). */
export const startingText = 'Starting…'
