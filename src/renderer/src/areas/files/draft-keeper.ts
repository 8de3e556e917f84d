// Keeps the unsaved edits of the open tabs as drafts in the core, the way VS Code's hot exit
// does: a moment after the last keystroke, in the background. A tab that is saved (or comes back
// to its saved text) or closed without saving loses its draft; nothing else removes one, so a
// reload, a restart or a crash of either side leaves the drafts to be offered back.
import type { AppErrorData } from '../../../../shared/errors'
import type { MethodInput } from '../../../../shared/contract'
import type { Tab } from './tab'

export const draftDelayMs = 1000

/** What the keeper needs of the core: api/client's call for the drafts methods. */
export interface DraftsApi {
  save(input: MethodInput<'drafts.save'>): Promise<unknown>
  discard(input: MethodInput<'drafts.discard'>): Promise<unknown>
}

/** What the keeper needs of the editor: the tab and its current text. */
export interface DraftSource {
  readonly repo: string
  tab(path: string): Tab | undefined
  text(path: string): string | undefined
}

export class DraftKeeper {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  /** Per path, the last draft call: calls of a path go out one after another, in order. */
  private readonly chains = new Map<string, Promise<void>>()
  /** Paths whose draft in the core is this window's to remove once the tab is saved or closed. */
  private readonly kept = new Set<string>()
  private readonly dirty = new Map<string, boolean>()
  private failing = false

  constructor(
    private readonly editor: DraftSource,
    private readonly api: DraftsApi,
    private readonly onFailure: (error: AppErrorData) => void,
    private readonly describe: (error: unknown) => AppErrorData,
    private readonly delayMs = draftDelayMs,
  ) {}

  /** The text of `path` changed: keep it as a draft a moment after the last change. */
  changed(path: string): void {
    const pending = this.timers.get(path)
    if (pending) clearTimeout(pending)
    this.timers.set(
      path,
      setTimeout(() => this.keep(path), this.delayMs),
    )
  }

  /** The tabs as they are now: one saved (clean again) or closed loses its draft. */
  sync(tabs: readonly Tab[]): void {
    const open = new Set(tabs.map((t) => t.path))
    for (const path of [...this.dirty.keys()]) {
      if (open.has(path)) continue
      this.dirty.delete(path)
      this.drop(path)
    }
    for (const tab of tabs) {
      const was = this.dirty.get(tab.path)
      this.dirty.set(tab.path, tab.dirty)
      if (was && !tab.dirty) this.drop(tab.path)
    }
  }

  /** A draft from an earlier session now in a tab: this window removes it when it is saved. */
  adopt(path: string): void {
    this.kept.add(path)
  }

  /** Removes a draft the user chose not to restore. */
  discard(path: string): void {
    this.kept.delete(path)
    this.enqueue(path, () => this.api.discard({ repo: this.editor.repo, path }))
  }

  /** Removes every draft this window kept (its tabs are dropped without saving). */
  discardKept(): void {
    for (const path of [...this.kept, ...this.timers.keys()]) this.drop(path)
  }

  /** Sends every draft that waits for its moment now (the page is going away). */
  flush(): void {
    for (const [path, timer] of [...this.timers]) {
      clearTimeout(timer)
      this.keep(path)
    }
  }

  /** Stops the timers; the drafts stay in the core. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private keep(path: string): void {
    this.timers.delete(path)
    const tab = this.editor.tab(path)
    const content = this.editor.text(path)
    if (!tab || content === undefined || !tab.dirty) return
    this.kept.add(path)
    const baseVersion = tab.deletedOnDisk ? null : tab.version
    this.enqueue(path, () => this.api.save({ repo: this.editor.repo, path, content, baseVersion }))
  }

  private drop(path: string): void {
    const pending = this.timers.get(path)
    if (pending) clearTimeout(pending)
    this.timers.delete(path)
    if (this.kept.has(path)) this.discard(path)
  }

  private enqueue(path: string, call: () => Promise<unknown>): void {
    const previous = this.chains.get(path) ?? Promise.resolve()
    const next = previous.then(call).then(
      () => {
        this.failing = false
      },
      (error: unknown) => this.failed(path, error),
    )
    this.chains.set(path, next)
    void next.then(() => {
      if (this.chains.get(path) === next) this.chains.delete(path)
    })
  }

  private failed(path: string, error: unknown): void {
    // Said once per outage, not at every keystroke; the next change tries again.
    if (this.failing) return
    this.failing = true
    const cause = this.describe(error)
    this.onFailure({
      code: cause.code,
      message: `Your unsaved edits of ${path} could not be kept as a draft: ${cause.message}`,
      hint: 'They are still in the editor. Save them once Flakedeck is reachable again; until a draft is kept, closing this page loses them.',
    })
  }
}
