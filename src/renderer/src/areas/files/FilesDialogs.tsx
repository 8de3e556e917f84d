import type { GitFileStatus } from '../../../../shared/contract'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { PromptDialog } from '../../components/PromptDialog'
import { CommitDialog } from './CommitDialog'
import { DiscardDialog } from './DiscardDialog'
import type { Tab } from './tab'
import { WorkingTreePrediction } from './WorkingTreePrediction'
import type { FileActions } from './useFileActions'

/** The question the Files area is asking, if any. */
export type FilesDialog =
  | { kind: 'new'; folder: boolean }
  | { kind: 'rename'; path: string }
  | { kind: 'delete'; path: string }
  | { kind: 'close'; path: string }
  | { kind: 'commit' }
  | { kind: 'discard'; path: string; isNew: boolean }
  /** What the uncommitted edits change in a host ("What does this change?"). */
  | { kind: 'predict'; host: string }
  | null

interface Props {
  repo: string
  dialog: FilesDialog
  actions: FileActions
  /** The work tree's changes against HEAD (the commit dialog's list). */
  changes: GitFileStatus[]
  tabs: Tab[]
  onClose(): void
  /** Closes a tab without saving. */
  onCloseTab(path: string): void
  /** A file was renamed to `path`. */
  onRenamed(path: string): void
}

/** The Files area's dialogs; each closes first, then acts on the answer. */
export function FilesDialogs({
  repo,
  dialog,
  actions,
  changes,
  tabs,
  onClose,
  onCloseTab,
  onRenamed,
}: Props) {
  switch (dialog?.kind) {
    case undefined:
      return null
    case 'new':
      return (
        <PromptDialog
          title={dialog.folder ? 'New folder' : 'New file'}
          label="Path in the repo"
          initial={dialog.folder ? 'modules' : 'modules/new.nix'}
          confirmLabel="Create"
          onDone={(value) => {
            onClose()
            if (value) void actions.create(value, dialog.folder)
          }}
        />
      )
    case 'rename':
      return (
        <PromptDialog
          title="Rename"
          label="New path"
          initial={dialog.path}
          confirmLabel="Rename"
          onDone={(value) => {
            onClose()
            if (value && value !== dialog.path)
              void actions.rename(dialog.path, value).then((done) => done && onRenamed(value))
          }}
        />
      )
    case 'delete':
      return (
        <ConfirmDialog
          title={`Delete ${dialog.path}?`}
          choices={[
            { label: 'Cancel', value: 'cancel' },
            { label: 'Delete', value: 'delete', kind: 'danger' },
          ]}
          onChoose={(choice) => {
            onClose()
            if (choice === 'delete') void actions.remove(dialog.path)
          }}
        >
          <p>The file is removed from disk. If git tracks it, it can be restored from HEAD.</p>
        </ConfirmDialog>
      )
    case 'close':
      return (
        <ConfirmDialog
          title={`Save changes to ${dialog.path}?`}
          choices={[
            { label: 'Cancel', value: 'cancel' },
            { label: "Don't save", value: 'discard', kind: 'danger' },
            { label: 'Save', value: 'save', kind: 'primary' },
          ]}
          onChoose={(choice) => {
            onClose()
            if (choice === 'discard') onCloseTab(dialog.path)
            if (choice === 'save') void actions.saveAndClose(dialog.path)
          }}
        >
          <p>Your changes are lost if you close without saving.</p>
        </ConfirmDialog>
      )
    case 'discard':
      return (
        <DiscardDialog
          path={dialog.path}
          isNew={dialog.isNew}
          onClose={onClose}
          onDiscard={() => void actions.discard(dialog.path, dialog.isNew)}
        />
      )
    case 'commit':
      return (
        <CommitDialog
          changes={changes}
          unsaved={tabs
            .filter((t) => t.dirty && !changes.some((c) => c.path === t.path))
            .map((t) => t.path)}
          onClose={onClose}
          onCommit={actions.commit}
          onDiscard={actions.discard}
        />
      )
    case 'predict':
      return <WorkingTreePrediction repo={repo} host={dialog.host} onClose={onClose} />
  }
}
