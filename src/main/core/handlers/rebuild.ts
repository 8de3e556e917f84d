// rebuild.*: building and switching a host with the settings' mode and options, a run's
// terminal (input, size, its output feed and full log), and the recorded runs. A run that made
// a new generation is announced as generations.changed once it has finished.
import { rebuildStartInput } from '../../services/rebuild/run-settings'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'
import { announceWhenFinished } from './run-finish'

export function rebuildHandlers(ctx: HandlerContext): HandlersOf<'rebuild'> {
  const { rebuild, settings, repoOf } = ctx
  const startInput = (input: Parameters<typeof rebuildStartInput>[1]) =>
    rebuildStartInput(settings.get(), { ...input, repo: repoOf(input) })
  return {
    'rebuild.plan': (input) => rebuild.plan(startInput(input)),
    'rebuild.start': async (input) => {
      const start = startInput(input)
      const started = await rebuild.start(start)
      announceWhenFinished(ctx, started.runId, start.profilePath, (run) => run.generation !== null)
      return started
    },
    'rebuild.cancel': ({ runId }) => {
      rebuild.cancel(runId)
      return null
    },
    'rebuild.confirm': ({ runId }) => {
      rebuild.confirm(runId)
      return null
    },
    'rebuild.decline': ({ runId }) => {
      rebuild.decline(runId)
      return null
    },
    'rebuild.input': ({ runId, data }) => {
      rebuild.write(runId, data)
      return null
    },
    'rebuild.resize': ({ runId, cols, rows }) => {
      rebuild.resize(runId, cols, rows)
      return null
    },
    'rebuild.feed': ({ runId, from, fromLine, waitMs }) =>
      rebuild.feed(runId, from, fromLine, waitMs ?? 0),
    'rebuild.active': (input) => rebuild.attach(repoOf(input)),
    'rebuild.list': (input) => rebuild.list({ repo: repoOf(input), limit: input.limit ?? 50 }),
    'rebuild.output': ({ runId }) => ({ output: rebuild.output(runId) }),
    'rebuild.log': ({ runId, from, count }) => rebuild.log(runId, from, count),
    'rebuild.logSearch': ({ runId, query, from, limit }) =>
      rebuild.searchLog(runId, query, from ?? 1, limit ?? 200),
  }
}
