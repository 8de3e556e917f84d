import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'

interface Props {
  repo: string
  path: string
  /** Not in the last commit: discarding deletes it. */
  isNew: boolean
  onDiscarded(): void
  onFailed(error: unknown): void
  onClose(): void
}

/** Asks, then throws away one file's changes (back to the last commit). */
export function DiscardDialog({ repo, path, isNew, onDiscarded, onFailed, onClose }: Props) {
  return (
    <ConfirmDialog
      title={`Discard changes to ${path}?`}
      choices={[
        { label: 'Cancel', value: 'cancel' },
        { label: isNew ? 'Delete the file' : 'Discard changes', value: 'discard', kind: 'danger' },
      ]}
      onChoose={(choice) => {
        onClose()
        if (choice !== 'discard') return
        call('git.discard', { repo, path }).then(onDiscarded, onFailed)
      }}
    >
      <p>
        {isNew
          ? 'The file is not in the last commit: discarding deletes it.'
          : 'The file goes back to its version in the last commit, staged changes included.'}{' '}
        This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
