// settings.*: the user's settings; every change is pushed to every window (settings.changed),
// so an area that is not on screen shows the new values when it is.
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function settingsHandlers({ settings, events }: HandlerContext): HandlersOf<'settings'> {
  return {
    'settings.get': () => settings.get(),
    'settings.set': (patch) => {
      const changed = settings.set(patch)
      events.emit('settings.changed', changed)
      return changed
    },
  }
}
