// The names of every call and event between the UI and the core. Kept apart from the schemas so
// the sandboxed preload can list them without bundling a schema library.

export const methodNames = [
  'app.status',
  'repo.open',
  'repo.recent',
  'repo.forget',
  'settings.get',
  'settings.set',
  'shell.pickFolder',
  'shell.openExternal',
] as const

export type MethodName = (typeof methodNames)[number]

/** Methods answered by the desktop shell itself, not by the core services. */
export const shellMethodNames = [
  'shell.pickFolder',
  'shell.openExternal',
] as const satisfies readonly MethodName[]

export const eventNames = ['repo.changed', 'app.notice'] as const

export type EventName = (typeof eventNames)[number]

export const ipcPrefix = 'flakedeck:'
export const ipcEventChannel = 'flakedeck:event'
