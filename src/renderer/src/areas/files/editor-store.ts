// The open files of the Files area: one Monaco model per tab, the version each was loaded at,
// whether it has unsaved edits, and what happened to it on disk. React reads it through
// useSyncExternalStore; Monaco models live here, outside React state. Files are read here with
// the core directly, not through the query layer: a buffer is state of its own, and each read
// must be the disk now (the version the save guard compares against), never a cached answer.
import type { Draft } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { languageFor } from '../../../../shared/file-language'
import type { FileChangeEvent } from './file-events'
import { call, errorData } from '../../api/client'
import { takeEarlyFileRead } from './early-reads'
import type { monaco } from '../../editor/monaco-setup'
import type { Tab } from './tab'

export type { Tab } from './tab'

export interface EditorSnapshot {
  tabs: Tab[]
  active: string | null
  error: AppErrorData | null
}

type Monaco = typeof monaco

export class EditorStore {
  private snapshot: EditorSnapshot = { tabs: [], active: null, error: null }
  private readonly listeners = new Set<() => void>()
  private readonly models = new Map<string, monaco.editor.ITextModel>()
  private readonly savedIds = new Map<string, number>()

  constructor(
    readonly repo: string,
    private readonly monaco: Monaco,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = () => this.snapshot

  private set(patch: Partial<EditorSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch }
    for (const listener of this.listeners) listener()
  }

  private updateTab(path: string, patch: Partial<Tab>) {
    this.set({ tabs: this.snapshot.tabs.map((t) => (t.path === path ? { ...t, ...patch } : t)) })
  }

  tab(path: string): Tab | undefined {
    return this.snapshot.tabs.find((t) => t.path === path)
  }

  model(path: string): monaco.editor.ITextModel | undefined {
    return this.models.get(path)
  }

  uri(path: string): monaco.Uri {
    return this.monaco.Uri.from({ scheme: 'file', path: `${this.repo}/${path}` })
  }

  clearError() {
    this.set({ error: null })
  }

  fail(error: unknown) {
    this.set({ error: errorData(error) })
  }

  /**
   * Opens `path` as a tab and shows it; with `activate: false` (reopening the last session's
   * tabs) the tab the user is looking at stays in front.
   */
  async open(path: string, { activate = true }: { activate?: boolean } = {}): Promise<void> {
    const show = () => (activate ? path : (this.snapshot.active ?? path))
    if (this.tab(path)) {
      this.set({ active: show() })
      return
    }
    try {
      const file = await (takeEarlyFileRead(this.repo, path) ??
        call('files.read', { repo: this.repo, path }))
      if (this.tab(path)) {
        this.set({ active: show() })
        return
      }
      if (file.content !== null) this.createModel(path, file.content, file.language)
      const tab: Tab = {
        path,
        language: file.language,
        version: file.version,
        readOnlyReason: file.readOnlyReason,
        size: file.size,
        dirty: false,
        conflict: false,
        deletedOnDisk: false,
      }
      this.set({ tabs: [...this.snapshot.tabs, tab], active: show(), error: null })
    } catch (error) {
      this.fail(error)
    }
  }

  /** The tab's Monaco model, holding `content` as its saved state. */
  private createModel(path: string, content: string, language: string) {
    const model =
      this.monaco.editor.getModel(this.uri(path)) ??
      this.monaco.editor.createModel(content, language, this.uri(path))
    model.setValue(content)
    this.models.set(path, model)
    this.savedIds.set(path, model.getAlternativeVersionId())
    model.onDidChangeContent(() => {
      const dirty = model.getAlternativeVersionId() !== this.savedIds.get(path)
      if (this.tab(path)?.dirty !== dirty) this.updateTab(path, { dirty })
    })
    return model
  }

  /**
   * Puts a draft kept from an earlier session back into its tab, as unsaved edits over the file
   * on disk (undo returns to the disk version). A file changed on disk since the draft was
   * based on it comes up as a conflict, so nothing overwrites that change unasked; a file gone
   * from disk comes up as deleted. False (and the reason shown) when it cannot be restored.
   */
  async restoreDraft(draft: Draft): Promise<boolean> {
    const { path } = draft
    if (draft.diskVersion !== null) await this.open(path)
    else if (!this.tab(path)) {
      this.createModel(path, '', languageFor(path))
      this.set({
        tabs: [
          ...this.snapshot.tabs,
          {
            path,
            language: languageFor(path),
            version: '',
            readOnlyReason: null,
            size: 0,
            dirty: false,
            conflict: false,
            deletedOnDisk: true,
          },
        ],
      })
    }
    const tab = this.tab(path)
    const model = this.models.get(path)
    if (!tab || !model) {
      if (tab) this.fail(new Error(`${path} can no longer be edited here; its draft was kept.`))
      return false // open() has said why
    }
    model.pushEditOperations(
      [],
      [{ range: model.getFullModelRange(), text: draft.content }],
      () => null,
    )
    const changedOnDisk = draft.diskVersion !== null && draft.diskVersion !== draft.baseVersion
    this.updateTab(path, {
      version: changedOnDisk ? (draft.baseVersion ?? '') : (draft.diskVersion ?? ''),
      conflict: changedOnDisk,
      deletedOnDisk: draft.diskVersion === null,
    })
    this.set({ active: path })
    return true
  }

  activate(path: string) {
    if (this.tab(path)) this.set({ active: path })
  }

  /** Closes without asking; the caller confirms unsaved work first. */
  close(path: string) {
    const index = this.snapshot.tabs.findIndex((t) => t.path === path)
    if (index < 0) return
    this.models.get(path)?.dispose()
    this.models.delete(path)
    this.savedIds.delete(path)
    const tabs = this.snapshot.tabs.filter((t) => t.path !== path)
    const active =
      this.snapshot.active === path
        ? (tabs[Math.min(index, tabs.length - 1)]?.path ?? null)
        : this.snapshot.active
    this.set({ tabs, active })
  }

  dirtyTabs(): Tab[] {
    return this.snapshot.tabs.filter((t) => t.dirty)
  }

  /** Saves; a change made on disk meanwhile turns into a conflict for the user to settle. */
  async save(path: string, overwrite = false): Promise<boolean> {
    return (await this.trySave(path, overwrite)) === null
  }

  /**
   * Saves the dirty tabs among `paths`, in order, and stops at the first that fails: what failed
   * and why, or null when all are on disk. A commit must not go ahead on a failed save, or it
   * would commit the disk version and call that a success.
   */
  async saveDirty(paths: readonly string[]): Promise<{ path: string; error: AppErrorData } | null> {
    const wanted = new Set(paths)
    for (const tab of this.dirtyTabs().filter((t) => wanted.has(t.path))) {
      const error = await this.trySave(tab.path, false)
      if (error) return { path: tab.path, error }
    }
    return null
  }

  /** Saves; the error that stopped it, or null once the buffer is on disk. */
  private async trySave(path: string, overwrite: boolean): Promise<AppErrorData | null> {
    const tab = this.tab(path)
    const model = this.models.get(path)
    if (!tab || !model) {
      return { code: 'not-found', message: `${path} is not open in the editor any more.` }
    }
    const content = model.getValue()
    const savedId = model.getAlternativeVersionId()
    try {
      const base = tab.deletedOnDisk ? null : tab.version
      const { version } = await call('files.write', {
        repo: this.repo,
        path,
        content,
        baseVersion: base,
        overwrite,
      })
      this.savedIds.set(path, savedId)
      this.updateTab(path, {
        version,
        dirty: model.getAlternativeVersionId() !== savedId,
        conflict: false,
        deletedOnDisk: false,
      })
      return null
    } catch (error) {
      const data = errorData(error)
      if (data.code === 'conflict') this.updateTab(path, { conflict: true })
      this.set({ error: data })
      return data
    }
  }

  /** Replaces the buffer with the file on disk ("take theirs"). */
  async reload(path: string): Promise<void> {
    const model = this.models.get(path)
    try {
      const file = await call('files.read', { repo: this.repo, path })
      if (model && file.content !== null) {
        // An edit operation keeps undo history, so "take theirs" can be undone.
        model.pushEditOperations(
          [],
          [{ range: model.getFullModelRange(), text: file.content }],
          () => null,
        )
        this.savedIds.set(path, model.getAlternativeVersionId())
      }
      this.updateTab(path, {
        version: file.version,
        dirty: false,
        conflict: false,
        deletedOnDisk: false,
      })
    } catch (error) {
      this.fail(error)
    }
  }

  /** The content on disk now (for "compare"). */
  async diskContent(path: string): Promise<string | null> {
    try {
      return (await call('files.read', { repo: this.repo, path })).content
    } catch {
      return null
    }
  }

  /** A file changed on disk: reload it if it has no unsaved edits, else ask the user. */
  async onDiskChange(change: FileChangeEvent): Promise<void> {
    const tab = this.tab(change.path)
    if (!tab) return
    if (change.kind === 'unlink') {
      this.updateTab(tab.path, { deletedOnDisk: true })
      return
    }
    if (change.kind !== 'change' && change.kind !== 'add') return
    let file
    try {
      file = await call('files.read', { repo: this.repo, path: tab.path })
    } catch {
      return
    }
    if (file.version === tab.version) {
      if (tab.deletedOnDisk) this.updateTab(tab.path, { deletedOnDisk: false })
      return // our own save, or no real change
    }
    if (!tab.dirty) await this.reload(tab.path)
    else this.updateTab(tab.path, { conflict: true, deletedOnDisk: false })
  }

  dispose() {
    for (const model of this.models.values()) model.dispose()
    this.models.clear()
  }
}
