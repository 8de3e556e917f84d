import type { monaco as Monaco } from '../../editor/monaco-setup'
import { CodeEditor } from './CodeEditor'
import { DiffView } from './DiffView'
import type { EditorStore } from './editor-store'
import type { Tab } from './tab'
import type { Compare } from './useCompare'
import type { Reveal } from './useReveal'

interface Props {
  monaco: typeof Monaco
  store: EditorStore
  /** The active tab, if any. */
  tab: Tab | null
  compare: Compare | null
  reveal: Reveal | null
  focusOnOpen: boolean
  onSave(path: string): void
}

/**
 * Where the active tab shows: its editor, its diff (against HEAD or the disk), a note when it
 * cannot be edited here, or a hint when no file is open.
 */
export function EditorPane({ monaco, store, tab, compare, reveal, focusOnOpen, onSave }: Props) {
  const model = tab ? store.model(tab.path) : undefined
  const comparing = tab !== null && compare?.path === tab.path
  return (
    <div className="editor-host">
      {!tab && (
        <div className="centered muted">
          <p>Open a file from the tree. Ctrl+S saves; problems nix finds appear below.</p>
        </div>
      )}
      {tab?.readOnlyReason && (
        <div className="centered readonly-note" role="note">
          <p>
            <strong>{tab.path}</strong> is{' '}
            {tab.readOnlyReason === 'binary'
              ? 'a binary file'
              : `too large to edit here (${(tab.size / 1024 / 1024).toFixed(1)} MiB)`}
            ; it is not opened in the editor.
          </p>
        </div>
      )}
      {tab && model && comparing && compare && (
        <>
          <div className="diff-caption muted">
            Left: {compare.against === 'head' ? 'HEAD' : 'on disk'}
            {compare.original === null ? ' (no such file there)' : ''}. Right: your buffer.
          </div>
          <DiffView
            monaco={monaco}
            original={compare.original}
            modified={model}
            language={tab.language}
          />
        </>
      )}
      {tab && model && !comparing && (
        <CodeEditor
          monaco={monaco}
          store={store}
          path={tab.path}
          onSave={onSave}
          focusOnOpen={focusOnOpen}
          reveal={reveal}
        />
      )}
    </div>
  )
}
