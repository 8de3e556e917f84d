// A generation made or switched to by a run (a rebuild, a generation switch) exists only once
// the run has finished, long after the call that started it returned: this waits for the run
// and then says so to every window.
import type { RebuildRun } from '../../../shared/rebuild/types'
import type { HandlerContext } from '../handler-context'

/** Emits generations.changed for `profile` when run `runId` ends and `made(run)` holds. */
export function announceWhenFinished(
  { rebuild, events }: Pick<HandlerContext, 'rebuild' | 'events'>,
  runId: number,
  profile: string,
  made: (run: RebuildRun) => boolean,
): void {
  rebuild.wait(runId).then(
    (run) => {
      if (made(run)) events.emit('generations.changed', { profile })
    },
    // A run that cannot be found any more (the app is closing) changed nothing to announce.
    () => undefined,
  )
}
