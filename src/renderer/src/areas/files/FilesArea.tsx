// The Files area: the side bar (tree, history or find in files, hosts) beside the tabs, the
// editor and the problems list. It wires the hooks that read and act to the components that
// render; what each part does lives in those files.
import { useCallback, useMemo, useState } from 'react'
import type { RepoInfo } from '../../../../shared/contract'
import { requestOpenFile } from '../../app/navigation'
import { ErrorNotice } from '../../components/ErrorNotice'
import { setupMonaco } from '../../editor/monaco-setup'
import { ConflictBar } from './ConflictBar'
import { DraftsOffer } from './DraftsOffer'
import { EditorPane } from './EditorPane'
import { EditorToolbar } from './EditorToolbar'
import { FileTree } from './FileTree'
import { FilesDialogs, type FilesDialog } from './FilesDialogs'
import { FilesSideHeader } from './FilesSideHeader'
import { FindPanel } from './FindPanel'
import { isNewFile } from './git-change'
import { HistoryPanel } from './HistoryPanel'
import { HostsPanel } from './HostsPanel'
import { ProblemsPanel } from './ProblemsPanel'
import { TabBar } from './TabBar'
import { UntrackedNotice } from './UntrackedNotice'
import { useCommitRequests } from './useCommitRequests'
import { useCompare } from './useCompare'
import { useDrafts } from './useDrafts'
import { useEditorSession } from './useEditorSession'
import { useFileActions } from './useFileActions'
import { useFileTree } from './useFileTree'
import { useFilesCommands } from './useFilesCommands'
import { useFindInFiles } from './useFindInFiles'
import { useHosts } from './useHosts'
import { useNixNavigation } from './useNixNavigation'
import { useNotice } from './useNotice'
import { useProblems } from './useProblems'
import { useReveal } from './useReveal'
import { useSaveShortcut } from './useSaveShortcut'
import { useUnsavedWorkGuard } from './useUnsavedWorkGuard'

export function FilesArea({ repo }: { repo: RepoInfo }) {
  const monaco = useMemo(() => setupMonaco(), [])
  const { store, snapshot, restored } = useEditorSession(repo.path)
  const drafts = useDrafts(store, snapshot, restored)
  const { tree, error: treeError, refresh: refreshTree } = useFileTree(repo.path)
  const hosts = useHosts(repo.path)
  const problems = useProblems(monaco, store, snapshot, hosts.evalProblems)
  const [dialog, setDialog] = useState<FilesDialog>(null)
  /** The file last renamed from the tree, for the tree to move the focus to. */
  const [renamed, setRenamed] = useState<{ path: string } | null>(null)
  const [notice, say] = useNotice()
  const { compare, showCompare, closeCompare } = useCompare(repo.path, store)
  const { reveal, openProblem } = useReveal(store, closeCompare)
  const find = useFindInFiles()
  const [historyShown, setHistoryShown] = useState(false)
  const commitAsked = useCommitRequests(repo.path)
  const [commitAnswered, setCommitAnswered] = useState(commitAsked)
  if (commitAsked !== commitAnswered) {
    // Another area asked for a commit: the history opens with it (React's adjust-on-change).
    setCommitAnswered(commitAsked)
    setHistoryShown(true)
  }
  const showHistory = historyShown && !find.shown
  const failInStore = useCallback((e: unknown) => store.fail(e), [store])
  useNixNavigation(repo.path, tree)

  const actions = useFileActions({
    repo: repo.path,
    store,
    say,
    parseNow: problems.parseNow,
    afterSave: () => {
      if (hosts.checkAfterSave) void hosts.check()
    },
    refreshTree,
  })
  const save = useCallback((path: string) => void actions.save(path), [actions])
  useSaveShortcut(store, save)
  useUnsavedWorkGuard(store, drafts)

  const active = snapshot.tabs.find((t) => t.path === snapshot.active) ?? null
  useFilesCommands({
    hosts: hosts.hosts,
    dirty: repo.dirty,
    activePath: active?.readOnlyReason === null ? active.path : null,
    activeIsNix: active?.language === 'nix',
    commit: () => setDialog({ kind: 'commit' }),
    checkHost: (host) => void hosts.check(host),
    predict: (host) => setDialog({ kind: 'predict', host }),
    save,
    format: () => active && void actions.format(active.path),
    newFile: () => setDialog({ kind: 'new', folder: false }),
  })

  const changes = tree?.status ?? []
  const activeChange = active ? changes.find((c) => c.path === active.path) : undefined
  /** Asks before a changed file goes back to the last commit. */
  const askDiscard = (path: string) => {
    const change = changes.find((c) => c.path === path)
    if (change) setDialog({ kind: 'discard', path, isNew: isNewFile(change) })
  }

  return (
    <div className="files-area">
      <aside className="files-side">
        <FilesSideHeader
          historyShown={showHistory}
          findShown={find.shown}
          changeCount={changes.length}
          onNew={(folder) => setDialog({ kind: 'new', folder })}
          onToggleHistory={() => {
            find.close()
            setHistoryShown(!showHistory)
          }}
          onToggleFind={() => (find.shown ? find.close() : find.open())}
          onCommit={() => setDialog({ kind: 'commit' })}
        />
        <UntrackedNotice
          untracked={tree?.untracked ?? []}
          onAdd={(paths) => void actions.addToGit(paths)}
        />
        {treeError && <ErrorNotice error={treeError} />}
        {showHistory && (
          <HistoryPanel
            repo={repo.path}
            commit={commitAsked}
            onClose={() => setHistoryShown(false)}
          />
        )}
        {find.shown && (
          <FindPanel
            repo={repo.path}
            focusNonce={find.focusNonce}
            onOpen={(m) => requestOpenFile({ path: m.path, line: m.line, column: m.column })}
            onClose={find.close}
          />
        )}
        <div className="files-tree-scroll" hidden={find.shown || showHistory}>
          {tree && (
            <FileTree
              tree={tree}
              active={snapshot.active}
              onOpen={(p) => {
                closeCompare()
                void store.open(p)
              }}
              onRename={(path) => setDialog({ kind: 'rename', path })}
              reveal={renamed}
              onDelete={(path) => setDialog({ kind: 'delete', path })}
              onDiscard={askDiscard}
            />
          )}
        </div>
        <HostsPanel
          dirty={repo.dirty}
          hosts={hosts.hosts}
          loading={hosts.loading}
          error={hosts.error}
          selected={hosts.selected}
          checking={hosts.checking}
          checkAfterSave={hosts.checkAfterSave}
          lastCheck={hosts.lastCheck}
          onSelect={hosts.setSelected}
          onCheck={() => void hosts.check()}
          onToggleCheckAfterSave={hosts.setCheckAfterSave}
          onRefresh={() => void hosts.refresh()}
          onOpenProblem={(d) => void openProblem(d)}
          onPredict={(host) => setDialog({ kind: 'predict', host })}
        />
      </aside>
      <section className="files-main">
        <TabBar
          tabs={snapshot.tabs}
          active={snapshot.active}
          onActivate={(p) => {
            closeCompare()
            store.activate(p)
          }}
          onClose={(path) => {
            if (store.tab(path)?.dirty) setDialog({ kind: 'close', path })
            else store.close(path)
          }}
        />
        {active && (
          <EditorToolbar
            tab={active}
            notice={notice}
            changed={activeChange !== undefined}
            comparing={compare?.path === active.path}
            onSave={() => save(active.path)}
            onFormat={() => void actions.format(active.path)}
            onDiscard={() => askDiscard(active.path)}
            onDiff={() => void showCompare(active.path, 'head')}
            onCloseDiff={closeCompare}
            onError={failInStore}
          />
        )}
        {active && (
          <ConflictBar
            tab={active}
            onKeepMine={() => void store.save(active.path, true)}
            onTakeTheirs={() => void store.reload(active.path)}
            onCompare={() => void showCompare(active.path, 'disk')}
          />
        )}
        <DraftsOffer
          drafts={drafts.offers}
          onRestore={(draft) =>
            void drafts.restore(draft).then(async (restored) => {
              const changed = draft.diskVersion !== null && draft.diskVersion !== draft.baseVersion
              if (restored && changed) await showCompare(draft.path, 'disk')
            })
          }
          onDiscard={drafts.discard}
        />
        {snapshot.error && (
          <ErrorNotice error={snapshot.error} onDismiss={() => store.clearError()} />
        )}
        <EditorPane
          monaco={monaco}
          store={store}
          tab={active}
          compare={compare}
          reveal={reveal}
          focusOnOpen={restored}
          onSave={save}
        />
        <ProblemsPanel problems={problems.all} onOpen={(p) => void openProblem(p)} />
      </section>
      <FilesDialogs
        repo={repo.path}
        dialog={dialog}
        actions={actions}
        changes={changes}
        tabs={snapshot.tabs}
        onClose={() => setDialog(null)}
        onCloseTab={(path) => store.close(path)}
        onRenamed={(path) => setRenamed({ path })}
      />
    </div>
  )
}
