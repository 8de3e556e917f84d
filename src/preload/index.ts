// The page's only door to the core: one named function per contract method, each bound to its
// own channel, and one subscription per event. No generic invoke, no Node APIs.
import { contextBridge, ipcRenderer } from 'electron'
import { eventNames, ipcEventChannel, ipcPrefix, methodNames } from '../shared/channels'

const methods = Object.freeze(
  Object.fromEntries(
    methodNames.map((name) => [
      name,
      (input: unknown) => ipcRenderer.invoke(ipcPrefix + name, input),
    ]),
  ),
)

const listeners = new Map<string, Set<(payload: unknown) => void>>()
ipcRenderer.on(ipcEventChannel, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload)
})

const events = Object.freeze(
  Object.fromEntries(
    eventNames.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        const set = listeners.get(name) ?? new Set()
        set.add(listener)
        listeners.set(name, set)
        return () => set.delete(listener)
      },
    ]),
  ),
)

contextBridge.exposeInMainWorld('flakedeck', { methods, events, shell: 'electron' })
