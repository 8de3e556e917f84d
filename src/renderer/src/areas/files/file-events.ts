import type { EventPayload } from '../../../../shared/contract'

export type FileChangeEvent = EventPayload<'files.changed'>
