import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Diagnostic, RepoInfo } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { call, errorData } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PromptDialog } from '../../components/PromptDialog'
import { onOpenFileRequest, requestOpenFile } from '../../app/navigation'
import { registerUnsavedWork } from '../../app/unsaved-work'
import { setupMonaco } from '../../editor/monaco-setup'
import { CodeEditor } from './CodeEditor'
import { CommitDialog } from './CommitDialog'
import { DiffView } from './DiffView'
import { FileTree } from './FileTree'
import { HostsPanel } from './HostsPanel'
import { ProblemsPanel } from './ProblemsPanel'
import { TabBar } from './TabBar'
import { useEditorSession } from './useEditorSession'
import { useFileTree } from './useFileTree'
import { useHosts } from './useHosts'
import { useProblems } from './useProblems'
import { useDrafts } from './useDrafts'
import { DraftsOffer } from './DraftsOffer'
import { DiscardDialog } from './DiscardDialog'
import { FindPanel } from './FindPanel'
import { HistoryPanel } from './HistoryPanel'
import { FormatterChoice } from './FormatterChoice'
import { useFilesCommands } from './useFilesCommands'
import { useFindInFiles } from './useFindInFiles'
import { useNixNavigation } from './useNixNavigation'

type Dialog =
  | { kind: 'new'; folder: boolean }
  | { kind: 'rename'; path: string }
  | { kind: 'delete'; path: string }
  | { kind: 'close'; path: string }
  | { kind: 'commit' }
  | { kind: 'discard'; path: string; isNew: boolean }
  | null

type Compare = { path: string; against: 'head' | 'disk'; original: string | null } | null

/** A commit stopped because a tab it needed could not be saved first: which one, and why. */
function notCommitted(path: string, cause: AppErrorData): AppErrorData {
  return {
    code: cause.code,
    message: `Nothing was committed: ${path} could not be saved. ${cause.message}`,
    hint:
      cause.code === 'conflict'
        ? `Settle it in the editor (Keep mine, Take theirs or Compare), then commit again.`
        : (cause.hint ?? 'Save the file once it can be written, then commit again.'),
  }
}

export function FilesArea({ repo }: { repo: RepoInfo }) {
  const monaco = useMemo(() => setupMonaco(), [])
  const { store, snapshot, restored } = useEditorSession(repo.path)
  const drafts = useDrafts(store, snapshot, restored)
  const flushDrafts = drafts.flush
  const { tree, error: treeError, refresh: refreshTree } = useFileTree(repo.path)
  const hosts = useHosts(repo.path)
  const problems = useProblems(monaco, store, snapshot, hosts.evalProblems)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [compare, setCompare] = useState<Compare>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [reveal, setReveal] = useState<{
    path: string
    line: number
    column: number
    nonce: number
  } | null>(null)
  const active = snapshot.tabs.find((t) => t.path === snapshot.active) ?? null
  const find = useFindInFiles()
  const [historyShown, setHistoryShown] = useState(false)
  const showHistory = historyShown && !find.shown
  const failInStore = useCallback((e: unknown) => store.fail(e), [store])
  useNixNavigation(repo.path, tree)
  const hostsRef = useRef(hosts)
  useEffect(() => {
    hostsRef.current = hosts
  }, [hosts])

  const save = useCallback(
    async (path: string) => {
      if (await store.save(path)) {
        setNotice(`Saved ${path}`)
        await problems.parseNow(path)
        if (hostsRef.current.checkAfterSave) void hostsRef.current.check()
        void refreshTree()
      }
    },
    [store, problems, refreshTree],
  )

  // Ctrl/Cmd+S outside the editor too (tree or tabs focused).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault()
        if (store.getSnapshot().active) void save(store.getSnapshot().active!)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, save])

  // Another area (a build error) asks for a file at a line.
  useEffect(
    () =>
      onOpenFileRequest((request) => {
        void store.open(request.path).then(() => {
          setCompare(null)
          setReveal({ ...request, nonce: Date.now() })
        })
      }),
    [store],
  )

  const discardDrafts = drafts.discardKept
  useEffect(
    () => registerUnsavedWork(() => store.dirtyTabs().map((t) => t.path), discardDrafts),
    [store, discardDrafts],
  )

  // Unsaved work makes the browser (and Electron, through will-prevent-unload) ask before closing.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // Edits of the last second are on their way as drafts now, whatever the user answers.
      flushDrafts()
      if (store.dirtyTabs().length > 0) {
        e.preventDefault()
        e.returnValue = ''
      }
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [store, flushDrafts])

  useEffect(() => {
    if (!notice) return
    const t = setTimeout(() => setNotice(null), 2500)
    return () => clearTimeout(t)
  }, [notice])

  const openProblem = async (p: Diagnostic) => {
    if (!p.file || !p.inRepo) return
    await store.open(p.file)
    setCompare(null)
    setReveal({ path: p.file, line: p.line ?? 1, column: p.column ?? 1, nonce: Date.now() })
  }

  const requestClose = (path: string) => {
    if (store.tab(path)?.dirty) setDialog({ kind: 'close', path })
    else store.close(path)
  }

  const showCompare = async (path: string, against: 'head' | 'disk') => {
    const original =
      against === 'head'
        ? (
            await call('git.headContent', { repo: repo.path, path }).catch(() => ({
              content: null,
            }))
          ).content
        : await store.diskContent(path)
    setCompare({ path, against, original })
  }

  const format = async () => {
    if (!active) return
    const model = store.model(active.path)
    if (!model) return
    try {
      const result = await call('nix.format', {
        repo: repo.path,
        path: active.path,
        content: model.getValue(),
      })
      model.pushEditOperations(
        [],
        [{ range: model.getFullModelRange(), text: result.content }],
        () => null,
      )
      setNotice(`Formatted with ${result.formatter}`)
    } catch (e) {
      store.fail(e)
    }
  }

  useFilesCommands({
    hosts: hosts.hosts,
    activePath: active?.readOnlyReason === null ? active.path : null,
    activeIsNix: active?.language === 'nix',
    commit: () => setDialog({ kind: 'commit' }),
    checkHost: (host) => void hosts.check(host),
    save: (path) => void save(path),
    format: () => void format(),
    newFile: () => setDialog({ kind: 'new', folder: false }),
  })

  const untracked = tree?.untracked ?? []
  const changes = tree?.status ?? []
  const activeModel = active ? store.model(active.path) : undefined
  const activeChange = active ? changes.find((c) => c.path === active.path) : undefined

  return (
    <div className="files-area">
      <aside className="files-side">
        <div className="panel-header">
          Files
          <span className="panel-actions">
            <button
              type="button"
              className="ghost icon"
              title="New file"
              aria-label="New file"
              onClick={() => setDialog({ kind: 'new', folder: false })}
            >
              +
            </button>
            <button
              type="button"
              className="ghost icon"
              title="New folder"
              aria-label="New folder"
              onClick={() => setDialog({ kind: 'new', folder: true })}
            >
              ⊞
            </button>
            <button
              type="button"
              className={`ghost icon${showHistory ? ' on' : ''}`}
              title="History"
              aria-label="History"
              aria-pressed={showHistory}
              onClick={() => {
                find.close()
                setHistoryShown(!showHistory)
              }}
            >
              ↺
            </button>
            <button
              type="button"
              className={`ghost icon${find.shown ? ' on' : ''}`}
              title="Find in files (Ctrl+Shift+F)"
              aria-label="Find in files"
              aria-pressed={find.shown}
              onClick={() => (find.shown ? find.close() : find.open())}
            >
              ⌕
            </button>
            <button
              type="button"
              className="ghost"
              title="Commit changes"
              onClick={() => setDialog({ kind: 'commit' })}
            >
              Commit{changes.length ? ` (${changes.length})` : ''}
            </button>
          </span>
        </div>
        {untracked.length > 0 && (
          <div
            className="notice notice-warning compact"
            role="status"
            data-testid="untracked-warning"
          >
            <div className="notice-body">
              <strong>
                {untracked.length} untracked file{untracked.length === 1 ? '' : 's'}: nix cannot see{' '}
                {untracked.length === 1 ? 'it' : 'them'}.
              </strong>
              <p className="notice-hint">
                A flake only contains files git knows about. {untracked.slice(0, 3).join(', ')}
                {untracked.length > 3 ? '…' : ''}
              </p>
              <button
                type="button"
                onClick={() =>
                  void call('git.add', { repo: repo.path, paths: untracked }).then(
                    () => refreshTree(),
                    (e: unknown) => store.fail(e),
                  )
                }
              >
                git add {untracked.length === 1 ? 'it' : 'them'}
              </button>
            </div>
          </div>
        )}
        {treeError && <ErrorNotice error={treeError} />}
        {showHistory && <HistoryPanel repo={repo.path} onClose={() => setHistoryShown(false)} />}
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
                setCompare(null)
                void store.open(p)
              }}
              onRename={(path) => setDialog({ kind: 'rename', path })}
              onDelete={(path) => setDialog({ kind: 'delete', path })}
            />
          )}
        </div>
        <HostsPanel
          repo={repo.path}
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
        />
      </aside>
      <section className="files-main">
        <TabBar
          tabs={snapshot.tabs}
          active={snapshot.active}
          onActivate={(p) => {
            setCompare(null)
            store.activate(p)
          }}
          onClose={requestClose}
        />
        {active && (
          <div className="editor-toolbar">
            <span className="editor-path">{active.path}</span>
            {notice && (
              <span className="muted" role="status">
                {notice}
              </span>
            )}
            <span className="status-spacer" />
            {active.readOnlyReason === null && (
              <>
                <button
                  type="button"
                  onClick={() => void save(active.path)}
                  disabled={!active.dirty && !active.deletedOnDisk}
                  title="Save (Ctrl+S)"
                >
                  Save
                </button>
                {active.language === 'nix' && (
                  <>
                    <button type="button" onClick={() => void format()}>
                      Format
                    </button>
                    <FormatterChoice onError={failInStore} />
                  </>
                )}
                {activeChange && (
                  <button
                    type="button"
                    title="Back to the last commit's version"
                    onClick={() =>
                      setDialog({
                        kind: 'discard',
                        path: active.path,
                        isNew: activeChange.kind === 'added' || activeChange.kind === 'untracked',
                      })
                    }
                  >
                    Discard changes
                  </button>
                )}
                {compare?.path === active.path ? (
                  <button type="button" onClick={() => setCompare(null)}>
                    Close diff
                  </button>
                ) : (
                  <button type="button" onClick={() => void showCompare(active.path, 'head')}>
                    Diff vs HEAD
                  </button>
                )}
              </>
            )}
          </div>
        )}
        {active?.conflict && (
          <div className="notice notice-warning compact" role="alert" data-testid="conflict-bar">
            <div className="notice-body">
              <strong>{active.path} changed on disk while you were editing it.</strong>
              <div className="row">
                <button type="button" onClick={() => void store.save(active.path, true)}>
                  Keep mine
                </button>
                <button type="button" onClick={() => void store.reload(active.path)}>
                  Take theirs
                </button>
                <button type="button" onClick={() => void showCompare(active.path, 'disk')}>
                  Compare
                </button>
              </div>
            </div>
          </div>
        )}
        {active?.deletedOnDisk && !active.conflict && (
          <div className="notice notice-warning compact" role="alert">
            <div className="notice-body">
              <strong>{active.path} was deleted on disk.</strong> Save to write your buffer back, or
              close the tab.
            </div>
          </div>
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
        <div className="editor-host">
          {!active && (
            <div className="centered muted">
              <p>Open a file from the tree. Ctrl+S saves; problems nix finds appear below.</p>
            </div>
          )}
          {active?.readOnlyReason && (
            <div className="centered readonly-note" role="note">
              <p>
                <strong>{active.path}</strong> is{' '}
                {active.readOnlyReason === 'binary'
                  ? 'a binary file'
                  : `too large to edit here (${(active.size / 1024 / 1024).toFixed(1)} MiB)`}
                ; it is not opened in the editor.
              </p>
            </div>
          )}
          {active && activeModel && compare?.path === active.path && (
            <>
              <div className="diff-caption muted">
                Left: {compare.against === 'head' ? 'HEAD' : 'on disk'}
                {compare.original === null ? ' (no such file there)' : ''}. Right: your buffer.
              </div>
              <DiffView
                monaco={monaco}
                original={compare.original}
                modified={activeModel}
                language={active.language}
              />
            </>
          )}
          {active && activeModel && compare?.path !== active.path && (
            <CodeEditor
              monaco={monaco}
              store={store}
              path={active.path}
              onSave={(p) => void save(p)}
              focusOnOpen={restored}
              reveal={reveal}
            />
          )}
        </div>
        <ProblemsPanel problems={problems.all} onOpen={(p) => void openProblem(p)} />
      </section>
      {dialog?.kind === 'new' && (
        <PromptDialog
          title={dialog.folder ? 'New folder' : 'New file'}
          label="Path in the repo"
          initial={dialog.folder ? 'modules' : 'modules/new.nix'}
          confirmLabel="Create"
          onDone={(value) => {
            const folder = dialog.folder
            setDialog(null)
            if (!value) return
            void call('files.create', {
              repo: repo.path,
              path: value,
              kind: folder ? 'folder' : 'file',
            }).then(
              async () => {
                await refreshTree()
                if (!folder) await store.open(value)
              },
              (e: unknown) => store.fail(e),
            )
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <PromptDialog
          title="Rename"
          label="New path"
          initial={dialog.path}
          confirmLabel="Rename"
          onDone={(value) => {
            const from = dialog.path
            setDialog(null)
            if (!value || value === from) return
            void call('files.rename', { repo: repo.path, from, to: value }).then(
              async () => {
                const wasOpen = store.tab(from)
                if (wasOpen && !wasOpen.dirty) store.close(from)
                await refreshTree()
                if (wasOpen && !wasOpen.dirty) await store.open(value)
              },
              (e: unknown) => store.fail(e),
            )
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${dialog.path}?`}
          choices={[
            { label: 'Cancel', value: 'cancel' },
            { label: 'Delete', value: 'delete', kind: 'danger' },
          ]}
          onChoose={(choice) => {
            const path = dialog.path
            setDialog(null)
            if (choice !== 'delete') return
            void call('files.delete', { repo: repo.path, path }).then(
              () => {
                store.close(path)
                void refreshTree()
              },
              (e: unknown) => store.fail(e),
            )
          }}
        >
          <p>The file is removed from disk. If git tracks it, it can be restored from HEAD.</p>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'close' && (
        <ConfirmDialog
          title={`Save changes to ${dialog.path}?`}
          choices={[
            { label: 'Cancel', value: 'cancel' },
            { label: "Don't save", value: 'discard', kind: 'danger' },
            { label: 'Save', value: 'save', kind: 'primary' },
          ]}
          onChoose={(choice) => {
            const path = dialog.path
            setDialog(null)
            if (choice === 'discard') store.close(path)
            if (choice === 'save') void store.save(path).then((ok) => ok && store.close(path))
          }}
        >
          <p>Your changes are lost if you close without saving.</p>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'discard' && (
        <DiscardDialog
          repo={repo.path}
          path={dialog.path}
          isNew={dialog.isNew}
          onClose={() => setDialog(null)}
          onFailed={failInStore}
          onDiscarded={() => {
            const { path, isNew } = dialog
            if (isNew) store.close(path)
            else void store.reload(path)
            void refreshTree()
          }}
        />
      )}
      {dialog?.kind === 'commit' && (
        <CommitDialog
          changes={changes}
          unsaved={snapshot.tabs
            .filter((t) => t.dirty && !changes.some((c) => c.path === t.path))
            .map((t) => t.path)}
          onClose={() => setDialog(null)}
          onCommit={async (paths, message) => {
            try {
              const failed = await store.saveDirty(paths)
              if (failed) return notCommitted(failed.path, failed.error)
              const { commit } = await call('git.commit', { repo: repo.path, paths, message })
              setNotice(`Committed ${commit.slice(0, 7)}`)
              await refreshTree()
              return null
            } catch (e) {
              return errorData(e)
            }
          }}
        />
      )}
    </div>
  )
}
