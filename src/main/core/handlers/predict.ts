// predict.*: what a change does to a host before anything is built. A prediction runs under the
// caller's request id, so the caller can cancel it, and a new request under the same id
// replaces the old one.
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function predictHandlers({
  predict,
  events,
  repoOf,
}: HandlerContext): HandlersOf<'predict'> {
  /** Predictions running now, by the caller's request id. */
  const running = new Map<string, AbortController>()
  return {
    'predict.run': async (input) => {
      const { requestId, host } = input
      running.get(requestId)?.abort()
      const controller = new AbortController()
      running.set(requestId, controller)
      try {
        return await predict.predict(repoOf(input), host, input.change, {
          signal: controller.signal,
          offline: input.offline ?? false,
          refresh: input.refresh ?? false,
          onProgress: (progress) =>
            events.emit('predict.progress', { ...progress, requestId, host }),
        })
      } finally {
        if (running.get(requestId) === controller) running.delete(requestId)
      }
    },
    'predict.cancel': ({ requestId }) => {
      running.get(requestId)?.abort()
      return null
    },
  }
}
