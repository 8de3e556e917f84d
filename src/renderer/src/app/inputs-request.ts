// Lets the command palette ask the Inputs area for a change's preview ("Inputs: update nixpkgs"):
// the area opens the same preview its buttons do, so nothing is written before the user applies
// it. The Inputs area mounts on demand: a request made before it listens waits for it.
import type { UpdateSpec } from '../../../shared/lockfile/schemas'
import { requestChannel } from './request-channel'

const previews = requestChannel<UpdateSpec>({ keepUntilHeard: true })

export const onInputsPreviewRequest = previews.listen
export const requestInputsPreview = previews.request
