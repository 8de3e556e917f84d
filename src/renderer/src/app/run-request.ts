// Lets an area send the user to one rebuild run's log in the Rebuild area ("run #8" on a
// generation built by Flakedeck): the Rebuild area, always mounted, listens and shows that run.

import { requestChannel } from './request-channel'

export interface ShowRunRequest {
  runId: number
  /** The repo the run was recorded under (its history is per repo). */
  repo: string
}

const runs = requestChannel<ShowRunRequest>()

export const onShowRunRequest = runs.listen
export const requestShowRun = runs.request
