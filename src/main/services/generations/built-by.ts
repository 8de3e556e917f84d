// Which recorded rebuild made each generation, matched by store path, so the timeline can name
// the run and the commit a system came from.
import type { GenerationTimeline } from '../../../shared/generations/types'
import type { RebuildRun } from '../../../shared/rebuild/types'

/** `timeline` with each generation's `builtBy`, from the runs `runsOf` finds by store path. */
export function withBuiltBy(
  timeline: GenerationTimeline,
  runsOf: (storePaths: readonly string[]) => ReadonlyMap<string, RebuildRun>,
): GenerationTimeline {
  const runs = runsOf(timeline.generations.map((g) => g.storePath))
  return {
    ...timeline,
    generations: timeline.generations.map((g) => {
      const run = runs.get(g.storePath)
      return {
        ...g,
        builtBy: run
          ? {
              runId: run.id,
              repo: run.repo,
              host: run.host,
              startedAt: run.startedAt,
              gitCommit: run.gitCommit,
              gitDirty: run.gitDirty,
              flakeLockSha256: run.flakeLockSha256,
            }
          : null,
      }
    }),
  }
}
