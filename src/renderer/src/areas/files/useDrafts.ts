// Hot exit for the Files area: the unsaved edits of the open tabs are kept as drafts while the
// user types, and the drafts an earlier session left (a reload, a restart, a crash) are offered
// back once the last session's tabs are open again.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Draft } from '../../../../shared/contract'
import { call, errorData } from '../../api/client'
import { useCoreQuery } from '../../data/core-query'
import { keys } from '../../data/keys'
import { DraftKeeper } from './draft-keeper'
import type { EditorSnapshot, EditorStore } from './editor-store'

export function useDrafts(store: EditorStore, snapshot: EditorSnapshot, restored: boolean) {
  const [keeper] = useState(
    () =>
      new DraftKeeper(
        {
          repo: store.repo,
          tab: (path) => store.tab(path),
          text: (path) => store.model(path)?.getValue(),
        },
        {
          save: (input) => call('drafts.save', input),
          discard: (input) => call('drafts.discard', input),
        },
        (error) => store.fail(error),
        errorData,
      ),
  )

  // Every change of an open tab's text is a reason to keep a draft soon.
  const tabPaths = snapshot.tabs.map((t) => t.path).join('\n')
  useEffect(() => {
    const subscriptions = snapshot.tabs.map((tab) =>
      store.model(tab.path)?.onDidChangeContent(() => keeper.changed(tab.path)),
    )
    return () => subscriptions.forEach((s) => s?.dispose())
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-subscribe only when the set of tabs changes
  }, [tabPaths, store, keeper])

  useEffect(() => keeper.sync(snapshot.tabs), [keeper, snapshot.tabs])
  useEffect(() => () => keeper.dispose(), [keeper])

  // Once the last session's tabs are back, the drafts it left are offered; one that holds just
  // what is on disk has nothing to give back and goes. Read afresh each time the area opens the
  // repo (nothing kept after it closes): drafts change while it is closed.
  const list = useCoreQuery(
    keys.drafts(store.repo),
    'drafts.list',
    { repo: store.repo },
    { enabled: restored, gcTime: 0 },
  )
  const listed = list.data
  useEffect(() => {
    for (const draft of listed ?? []) if (draft.sameAsDisk) keeper.discard(draft.path)
  }, [listed, keeper])
  // Worked out once per answer: a tab edited already (before the list came) keeps its edits,
  // and its old draft is not offered.
  const offerable = useMemo(
    () => (listed ?? []).filter((d) => !d.sameAsDisk && !store.tab(d.path)?.dirty),
    [listed, store],
  )
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set())
  const offers = useMemo(() => offerable.filter((d) => !settled.has(d.path)), [offerable, settled])
  const listError = list.error
  useEffect(() => {
    if (listError) store.fail(listError)
  }, [listError, store])

  const settle = (path: string) => setSettled((done) => new Set(done).add(path))

  const restore = useCallback(
    async (draft: Draft): Promise<boolean> => {
      if (!(await store.restoreDraft(draft))) return false
      keeper.adopt(draft.path)
      settle(draft.path)
      return true
    },
    [store, keeper],
  )

  const discard = useCallback(
    (draft: Draft) => {
      keeper.discard(draft.path)
      settle(draft.path)
    },
    [keeper],
  )

  const flush = useCallback(() => keeper.flush(), [keeper])
  /** The user leaves the repo without saving: this window's drafts go too. */
  const discardKept = useCallback(() => keeper.discardKept(), [keeper])

  return { offers, restore, discard, flush, discardKept }
}
