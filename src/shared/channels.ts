// The names of every call and event between the UI and the core. Kept apart from the schemas so
// the sandboxed preload can list them without bundling a schema library.

export const methodNames = [
  'app.status',
  'repo.open',
  'repo.recent',
  'repo.forget',
  'repo.findFlake',
  'settings.get',
  'settings.set',
  'repo.create',
  'files.tree',
  'files.read',
  'files.write',
  'files.create',
  'files.rename',
  'files.delete',
  'files.search',
  'git.status',
  'git.headContent',
  'git.add',
  'git.log',
  'git.commitDetails',
  'git.discard',
  'git.commit',
  'nix.parse',
  'nix.hosts',
  'nix.checkHost',
  'nix.format',
  'session.get',
  'session.set',
  'drafts.save',
  'drafts.list',
  'drafts.discard',
  'inputs.read',
  'inputs.versions',
  'inputs.preview',
  'inputs.apply',
  'inputs.update',
  'inputs.pin',
  'inputs.commitLock',
  'inputs.undo',
  'inputs.commitLog',
  'inputs.upstreamDistance',
  'predict.run',
  'predict.cancel',
  'generations.list',
  'generations.compare',
  'generations.sourceDiff',
  'generations.delete',
  'generations.switch',
  'generations.activationPlan',
  'generations.activate',
  'generations.gc',
  'generations.pin',
  'generations.unpin',
  'generations.cleanupPlan',
  'generations.profiles',
  'generations.boot',
  'generations.bootFit',
  'generations.addProfile',
  'generations.removeProfile',
  'generations.cleanup',
  'rebuild.plan',
  'rebuild.start',
  'rebuild.cancel',
  'rebuild.confirm',
  'rebuild.decline',
  'rebuild.input',
  'rebuild.resize',
  'rebuild.feed',
  'rebuild.active',
  'rebuild.list',
  'rebuild.output',
  'rebuild.log',
  'rebuild.logSearch',
  'shell.pickFolder',
  'shell.openExternal',
] as const

export type MethodName = (typeof methodNames)[number]

/** Methods answered by the desktop shell itself, not by the core services. */
export type ShellMethodName = 'shell.pickFolder' | 'shell.openExternal'
export const shellMethodNames: readonly ShellMethodName[] = [
  'shell.pickFolder',
  'shell.openExternal',
] satisfies readonly MethodName[]

export const eventNames = [
  'repo.changed',
  'files.changed',
  'app.notice',
  'rebuild.progress',
  'rebuild.state',
  'rebuild.finished',
  'generations.cleanupProgress',
  'predict.progress',
  // Pushed after a change so every window's data layer refetches what it shows.
  'settings.changed',
  'inputs.changed',
  'generations.changed',
] as const

export type EventName = (typeof eventNames)[number]

export const ipcPrefix = 'flakedeck:'
export const ipcEventChannel = 'flakedeck:event'
