import { useRef, useState } from 'react'
import type { GitFileStatus } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Dialog } from '../../components/Dialog'
import { DiscardDialog } from './DiscardDialog'
import { statusLetter } from './file-tree-model'
import './commit-dialog.css'
import { isNewFile } from './git-change'

interface Props {
  changes: GitFileStatus[]
  /** Open tabs with unsaved edits of files that are unchanged on disk: saved first if chosen. */
  unsaved: string[]
  onCommit(paths: string[], message: string): Promise<AppErrorData | null>
  /** Throws one file's changes away (after the dialog asked); the list follows the tree. */
  onDiscard(path: string, isNew: boolean): Promise<unknown>
  onClose(): void
}

export function CommitDialog({ changes, unsaved, onCommit, onDiscard, onClose }: Props) {
  // What the user unchecked: every listed file is committed unless it is here. A file listed
  // only after the dialog opened (the work tree's status can come a moment after the click, on a
  // busy machine even after an older one) is checked like the rest; it was left unchecked when
  // the dialog kept the list it opened with, and "Commit 0 files" refused the user's commit.
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(() => new Set())
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)
  const messageInput = useRef<HTMLTextAreaElement>(null)
  const [discarding, setDiscarding] = useState<GitFileStatus | null>(null)
  const toggle = (path: string, on: boolean) =>
    setUnchecked((s) => {
      const next = new Set(s)
      if (on) next.delete(path)
      else next.add(path)
      return next
    })
  const isChecked = (path: string) => !unchecked.has(path)
  // A file discarded meanwhile is no longer listed, and no longer committed.
  const chosen = [...changes.map((c) => c.path), ...unsaved].filter(isChecked)
  const canCommit = !busy && chosen.length > 0 && message.trim() !== ''
  const submit = async () => {
    if (!canCommit) return
    setBusy(true)
    const failure = await onCommit(chosen, message)
    setBusy(false)
    if (failure) setError(failure)
    else onClose()
  }
  return (
    <>
      {/* The message is what the dialog is for: the focus starts there. */}
      <Dialog
        title="Commit"
        className="dialog commit-dialog"
        initialFocus={messageInput}
        onClose={onClose}
      >
        {changes.length === 0 && unsaved.length === 0 ? (
          <p className="muted">Nothing to commit: the work tree matches HEAD.</p>
        ) : (
          <ul className="commit-files">
            {unsaved.map((path) => (
              <li key={path}>
                <label>
                  <input
                    type="checkbox"
                    checked={isChecked(path)}
                    onChange={(e) => toggle(path, e.target.checked)}
                  />
                  <span className="tree-status status-modified">M</span> {path}{' '}
                  <span className="muted">(unsaved: saved first)</span>
                </label>
              </li>
            ))}
            {changes.map((c) => (
              <li key={c.path}>
                <label>
                  <input
                    type="checkbox"
                    checked={isChecked(c.path)}
                    onChange={(e) => toggle(c.path, e.target.checked)}
                  />
                  <span className={`tree-status status-${c.kind}`}>{statusLetter[c.kind]}</span>{' '}
                  {c.path}
                </label>
                <button
                  type="button"
                  className="ghost icon commit-discard"
                  title={`Discard changes to ${c.path}`}
                  aria-label={`Discard changes to ${c.path}`}
                  disabled={busy}
                  onClick={() => setDiscarding(c)}
                >
                  ↶
                </button>
              </li>
            ))}
          </ul>
        )}
        <label htmlFor="commit-message">Message</label>
        <textarea
          id="commit-message"
          rows={4}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="What changed, and why (Ctrl+Enter commits)"
          ref={messageInput}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void submit()
            }
          }}
        />
        {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!canCommit}
            title="Ctrl+Enter"
            onClick={() => void submit()}
          >
            {busy ? 'Committing…' : `Commit ${chosen.length} file${chosen.length === 1 ? '' : 's'}`}
          </button>
        </div>
      </Dialog>
      {/* Beside the commit dialog, not in it: Escape in the question must not close both. */}
      {discarding && (
        <DiscardDialog
          path={discarding.path}
          isNew={isNewFile(discarding)}
          onClose={() => setDiscarding(null)}
          onDiscard={() =>
            void onDiscard(discarding.path, isNewFile(discarding)).then(() =>
              messageInput.current?.focus(),
            )
          }
        />
      )}
    </>
  )
}
