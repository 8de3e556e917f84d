// inputs.*: the Inputs area: reading flake.lock, previews, version browsing, and the changes
// that write flake.lock or flake.nix, each announced as inputs.changed once something was
// written; committing the lock is announced as repo.changed.
import type { LockChangeResult } from '../../../shared/lockfile/schemas'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

/** Whether a change wrote flake.lock or flake.nix. */
function wroteFiles(result: LockChangeResult): boolean {
  return result.lockChanged || result.flakeNix?.applies === true
}

export function inputsHandlers(ctx: HandlerContext): HandlersOf<'inputs'> {
  const { inputs, settings, workspace, events, repoOf } = ctx
  /** Runs a change of `repo`'s lock and says so to every window when it wrote anything. */
  const change = async (repo: string, run: () => Promise<LockChangeResult>) => {
    const result = await run()
    if (wroteFiles(result)) events.emit('inputs.changed', { repo })
    return result
  }
  return {
    'inputs.read': (input) =>
      inputs.read(repoOf(input), { staleAfterDays: settings.get().inputAgeWarningDays }),
    'inputs.versions': (input) => inputs.versions(repoOf(input), input.name),
    'inputs.preview': (input) => inputs.preview(repoOf(input), input.spec),
    'inputs.apply': (input) => {
      const repo = repoOf(input)
      return change(repo, () => inputs.apply(repo, input.previewId))
    },
    'inputs.update': (input) => {
      const repo = repoOf(input)
      return change(repo, () => inputs.update(repo, input.names))
    },
    'inputs.pin': (input) => {
      const repo = repoOf(input)
      const options = { editFlakeNix: input.editFlakeNix ?? true }
      return change(repo, () => inputs.pin(repo, input.name, input.target, options))
    },
    'inputs.undo': (input) => {
      const repo = repoOf(input)
      return change(repo, () => inputs.undo(repo))
    },
    'inputs.commitLock': async (input) => {
      const repo = repoOf(input)
      const commit = await inputs.commitLock(repo, input.message, {
        includeFlakeNix: input.includeFlakeNix ?? false,
      })
      events.emit('repo.changed', await workspace.describe(repo))
      return { commit }
    },
    'inputs.commitLog': (input) =>
      inputs.commitLog(repoOf(input), input.name, input.from, input.to),
    'inputs.upstreamDistance': (input) => inputs.upstreamDistance(repoOf(input), input.name),
  }
}
