import { FormatterChoice } from './FormatterChoice'
import type { Tab } from './tab'

interface Props {
  tab: Tab
  notice: string | null
  /** The tab's file has changes against the last commit (it can be discarded). */
  changed: boolean
  /** The diff against HEAD is shown in place of the editor. */
  comparing: boolean
  onSave(): void
  onFormat(): void
  onDiscard(): void
  onDiff(): void
  onCloseDiff(): void
  onError(error: unknown): void
}

/** Above the editor: the file's path, the last status line, and what can be done to the file. */
export function EditorToolbar({
  tab,
  notice,
  changed,
  comparing,
  onSave,
  onFormat,
  onDiscard,
  onDiff,
  onCloseDiff,
  onError,
}: Props) {
  return (
    <div className="editor-toolbar">
      <span className="editor-path">{tab.path}</span>
      {notice && (
        <span className="muted" role="status">
          {notice}
        </span>
      )}
      <span className="status-spacer" />
      {tab.readOnlyReason === null && (
        <>
          <button
            type="button"
            onClick={onSave}
            disabled={!tab.dirty && !tab.deletedOnDisk}
            title="Save (Ctrl+S)"
          >
            Save
          </button>
          {tab.language === 'nix' && (
            <>
              <button type="button" onClick={onFormat}>
                Format
              </button>
              <FormatterChoice onError={onError} />
            </>
          )}
          {changed && (
            <button type="button" title="Back to the last commit's version" onClick={onDiscard}>
              Discard changes
            </button>
          )}
          {comparing ? (
            <button type="button" onClick={onCloseDiff}>
              Close diff
            </button>
          ) : (
            <button type="button" onClick={onDiff}>
              Diff vs HEAD
            </button>
          )}
        </>
      )}
    </div>
  )
}
