// How a run ended, in words: "switch demo: succeeded · Switched to generation 3." The finished
// run's panel and a past run's outcome box say it alike.
import type { RebuildRun } from '../../../../shared/rebuild/types'

/** The words as one line of text (a tooltip, where the row cuts them on a narrow window). */
export function outcomeLine(run: RebuildRun): string {
  return `${run.action} ${run.host}: ${run.status}${run.statusText ? ` · ${run.statusText}` : ''}`
}

export function RunOutcomeWords({
  run,
  withText = true,
}: {
  run: RebuildRun
  /** Whether the words the run ended with follow (not where a panel below says them). */
  withText?: boolean
}) {
  return (
    <>
      <strong>
        {run.action} {run.host}: {run.status}
      </strong>
      {withText && run.statusText && !repeatsStatus(run) && <span> · {run.statusText}</span>}
    </>
  )
}

/** Words that only say the status again ("cancelled · Cancelled."). */
function repeatsStatus(run: RebuildRun): boolean {
  return run.statusText?.replace(/\.$/, '').toLowerCase() === run.status
}
