// What a caller may ask of one prediction: cancelling it, following its progress, computing it
// again, or keeping it offline. Shared by the service and the steps it runs.
import type { PredictProgress } from '../../../shared/predict/types'

export interface PredictOptions {
  signal?: AbortSignal
  onProgress?: (progress: PredictProgress) => void
  /** Compute again even when a prediction of the same pair is stored. */
  refresh?: boolean
  /** Do not ask substituters: what could be fetched is then unknown. */
  offline?: boolean
}
