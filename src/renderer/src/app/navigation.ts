// Lets one area send the user to another: a build error's file and line opens in the editor…
import type { AreaId } from '../workspace/areas'
import { requestChannel } from './request-channel'

export interface OpenFileRequest {
  path: string
  /** 1-based; 0 opens the file where its cursor was. */
  line: number
  column: number
}

const openFiles = requestChannel<OpenFileRequest>()

export const onOpenFileRequest = openFiles.listen
export const requestOpenFile = openFiles.request

// …and an area that started something another area shows (a switch's terminal in Rebuild) sends
// the user there.
const areas = requestChannel<AreaId>()

export const onShowAreaRequest = areas.listen
export const requestShowArea = areas.request

// …and Generations sends the user to the commit a generation was built from, in the Files area's
// history. The Files area loads on demand: a request made before it listens waits for it.
export interface ShowCommitRequest {
  repo: string
  /** The full commit hash. */
  hash: string
}

const commits = requestChannel<ShowCommitRequest>({ keepUntilHeard: true })

export const onShowCommitRequest = commits.listen
export const requestShowCommit = commits.request
