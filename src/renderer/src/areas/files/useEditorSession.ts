// Creates the editor store of a repo, reopens the files of the last session, and remembers
// which files are open as they change.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { call, subscribe } from '../../api/client'
import { keys } from '../../data/keys'
import { setupMonaco } from '../../editor/monaco-setup'
import { takeEarlySession } from './early-reads'
import { EditorStore } from './editor-store'

const disposals = new WeakMap<EditorStore, ReturnType<typeof setTimeout>>()

export function useEditorSession(repo: string) {
  const [store] = useState(() => new EditorStore(repo, setupMonaco()))
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot)
  const [restored, setRestored] = useState(false)

  const client = useQueryClient()
  useEffect(() => {
    let cancelled = false
    // Read once, when the area opens the repo: what to reopen, not something to keep showing.
    client
      .fetchQuery({
        queryKey: keys.session(repo),
        // Asked for already while the area's code loaded, when the page knew the repo by then.
        queryFn: () => takeEarlySession(repo) ?? call('session.get', { repo }),
        staleTime: 0,
        gcTime: 0,
      })
      .then(async (state) => {
        // A file the user opens meanwhile (quick open right after loading) stays in front.
        for (const path of state.openFiles) {
          if (cancelled) return
          await store.open(path, { activate: false })
        }
        const shown = store.getSnapshot().active
        const userOpened = shown !== null && !state.openFiles.includes(shown)
        if (state.activeFile && !userOpened) store.activate(state.activeFile)
        store.clearError() // a file of the last session may be gone; that is no error now
      })
      .catch(() => undefined)
      .finally(() => !cancelled && setRestored(true))
    return () => {
      cancelled = true
    }
  }, [client, repo, store])

  useEffect(() => {
    if (!restored) return
    void call('session.set', {
      repo,
      state: { openFiles: snapshot.tabs.map((t) => t.path), activeFile: snapshot.active },
    }).catch(() => undefined)
  }, [repo, restored, snapshot.tabs, snapshot.active])

  useEffect(
    () =>
      subscribe('files.changed', (change) => {
        if (change.repo === repo) void store.onDiskChange(change)
      }),
    [repo, store],
  )

  // Dispose when the area really goes away; StrictMode's unmount-and-remount in development must
  // not throw the open models away.
  useEffect(() => {
    const pending = disposals.get(store)
    if (pending) clearTimeout(pending)
    return () => {
      disposals.set(
        store,
        setTimeout(() => store.dispose(), 0),
      )
    }
  }, [store])

  /** Whether the last session's tabs are open again (or could not be). */
  return { store, snapshot, restored }
}
